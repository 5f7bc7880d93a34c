"""Imports every domain's models, so that the metadata (and Alembic) sees all tables."""

from budget.audit.models import AuditEntry
from budget.auth.models import ApiToken, User
from budget.budgets.models import BudgetDocument, BudgetLine
from budget.classifications.models import ClassificationCode
from budget.currencies.models import ExchangeRate
from budget.flags.models import Flag, Organisation, RateLimit
from budget.indicators.models import Indicator, IndicatorValue
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.notices.models import Notice
from budget.plans.models import PlanCost, QuestionnaireAnswer
from budget.scoring.models import ScoreResult
from budget.tagging.models import Suggestion, Tag
from budget.uploads.models import UploadedFile
from budget.versioning import DataVersion

__all__ = [
    "ApiToken",
    "AuditEntry",
    "BudgetDocument",
    "BudgetLine",
    "ClassificationCode",
    "DataVersion",
    "ExchangeRate",
    "Flag",
    "Indicator",
    "IndicatorValue",
    "Jurisdiction",
    "Measure",
    "Notice",
    "Organisation",
    "PlanCost",
    "QuestionnaireAnswer",
    "RateLimit",
    "ScoreResult",
    "Suggestion",
    "Tag",
    "UploadedFile",
    "User",
]
