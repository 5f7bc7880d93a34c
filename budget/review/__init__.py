"""The review workflow, one for tags, plan costs and questionnaire answers: editors submit,
reviewers approve or return with a comment, and only approved items count in published figures.

statuses.py and models.py (the vocabulary and the `Reviewed` columns) sit at the bottom, beside
the data domains that use them; workflow.py (submit, decide), queue.py and views.py above them.
"""
