"""Forms of the contestant pages."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from sandbox.languages import LANGUAGES

from ..form_base import Form

MAX_SOURCE_CHARS = 70_000  # the byte limit (64 KiB) is checked by the service; this only stops abuse early
MAX_INPUT_CHARS = 1_100_000  # the test run's input: its byte limit (1 MiB) is checked by the service


class SubmitForm(Form):
    language = SelectField(_l("Language"), validate_choice=False)
    source = TextAreaField(_l("Source code"), validators=[Optional(), Length(max=MAX_SOURCE_CHARS)])
    file = FileField(_l("…or upload a file"))
    # a test run (app/services/programming/test_runs.py): the program above, run on a sample or on this input
    sample = SelectField(_l("Run it on"), validate_choice=False, default="")
    run_input = TextAreaField(_l("Input"), validators=[Optional(), Length(max=MAX_INPUT_CHARS)])
    # the choices of language and sample are set by the view (app/programming/problem_parts.py: form_for)


def sample_choices(count: int) -> list[tuple[str, str]]:
    """What a test run may run on, for a problem with ``count`` sample tests: the typed input, or one of them."""
    return [
        ("", str(_l("the input I type below"))),
        *((str(n), str(_l("sample test %(n)d", n=n))) for n in range(1, count + 1)),
    ]


def language_choices(keys: list[str]) -> list[tuple[str, str]]:
    """The languages one may submit in, for a contest accepting ``keys``: told by the file's extension, or these."""
    return [("auto", str(_l("From the file's extension"))), *((k, LANGUAGES[k].name) for k in keys if k in LANGUAGES)]


def editor_settings() -> dict[str, Any]:
    """What the submit form's editor needs of every language: its CodeMirror mode, the mode scripts to load,
    which language a file's extension means, and the extensions the file picker offers. Languages whose sources
    are uploaded files (Scratch) have no mode: they are never typed."""
    languages = LANGUAGES.values()
    typed = [lang for lang in languages if not lang.binary]
    return {
        "modes": {lang.key: lang.editor_mode for lang in typed},
        "scripts": sorted({lang.editor_script for lang in typed}),
        "extensions": {ext.lstrip("."): lang.key for lang in languages for ext in lang.extensions},
        "accept": ",".join(ext for lang in languages for ext in lang.extensions),
    }
