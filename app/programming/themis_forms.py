"""The form of the Themis folders page: a contest folder, zipped, to import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from ..form_base import Form


class ThemisFolderForm(Form):
    folder = FileField(_l("Themis contest folder (.zip)"), validators=[FileRequired()])
