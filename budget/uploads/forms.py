from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField
from wtforms.validators import DataRequired

from budget.web.forms import Form


class UploadForm(Form):
    file = FileField(_l("File (.csv or .xlsx)"), render_kw={"accept": ".csv,.xlsx"})


class ConfirmForm(Form):
    """Confirms the upload previewed: its bytes (hash) and what it was compared with."""

    sha256 = HiddenField(validators=[DataRequired()])
    fingerprint = HiddenField(validators=[DataRequired()])
