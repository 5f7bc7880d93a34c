"""Imports every domain's models, so that the metadata (and Alembic) sees all tables."""

from budget.budgets.models import BudgetDocument, BudgetLine
from budget.classifications.models import ClassificationCode
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.tagging.models import Tag

__all__ = ["BudgetDocument", "BudgetLine", "ClassificationCode", "Jurisdiction", "Measure", "Tag"]
