from collections.abc import Iterable
from typing import Any

from werkzeug.datastructures import FileStorage
from wtforms import FileField as _FileField
from wtforms.fields.core import Field
from wtforms.form import BaseForm
from wtforms.validators import DataRequired

class FileField(_FileField):
    data: FileStorage | None  # Flask-WTF keeps the upload itself

class FileRequired(DataRequired): ...

class FileAllowed:
    def __init__(self, upload_set: Iterable[str], message: Any = None) -> None: ...
    def __call__(self, form: BaseForm, field: Field) -> None: ...

class FileSize:
    def __init__(self, max_size: int, min_size: int = 0, message: Any = None) -> None: ...
    def __call__(self, form: BaseForm, field: Field) -> None: ...
