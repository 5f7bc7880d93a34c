"""The words of flags, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CATEGORY = {
    "not_executed": _l("Not executed"),
    "cut": _l("Cut"),
    "mistagged": _l("Tagged wrongly"),
    "missing_tag": _l("A tag is missing"),
    "data_error": _l("A data error"),
    "other": _l("Other"),
}
TARGET = {
    "line": _l("budget line"),
    "measure": _l("measure"),
    "dimension": _l("score dimension"),
    "year": _l("the whole year"),
}
STATUS = {"open": _l("open"), "answered": _l("answered")}
AUTHOR_KIND = {
    "cso": _l("civil society"),
    "council": _l("council opinion"),
    "admin": _l("administrators"),
}


def category_label(code: str) -> str:
    return str(CATEGORY.get(code, code))
