"""The statuses of reviewed items, named once."""

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
RETURNED = "returned"
STATUSES = (DRAFT, SUBMITTED, APPROVED, RETURNED)
SUBMITTABLE = (DRAFT, RETURNED)  # what an editor may submit
PUBLISHED = (APPROVED,)  # what counts in published figures
