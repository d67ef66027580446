"""A Word file is a DOCX only when its main part's declared content type says so: one with macros or a template
renamed .docx is refused saying how to save it as a document (Word would not open it, and its macros must not
reach judges)."""

from __future__ import annotations

from pathlib import Path

import pytest

from submissions.validate import check_file

from .crafting import make_zip

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml"
DOCUMENT = f"{WORD}.document.main+xml"


def word_file(path: Path, main_type: str, *, macros: bool = False, override: bool = True) -> Path:
    """A Word file as Word writes one, its main part declared ``main_type`` (by an Override, else by the Default
    for .xml), with ``word/vbaProject.bin`` when ``macros``."""
    declared = (
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
        if override
        else f'<Default Extension="xml" ContentType="{main_type}"/>'
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f"{declared}</Types>"
    )
    files: dict[str, bytes | str] = {
        "[Content_Types].xml": types,
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": "<w:document/>",
    }
    if macros:
        files["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Sub AutoOpen()"
    return make_zip(path, files)


@pytest.mark.parametrize("override", [True, False])
def test_a_document_is_accepted(tmp_path: Path, override: bool) -> None:
    report = check_file(word_file(tmp_path / "bao-cao.docx", DOCUMENT, override=override))
    assert (report.ok, report.kind) == (True, "document")


@pytest.mark.parametrize(
    ("name", "main_type", "macros", "code"),
    [
        ("bao-cao.docx", "application/vnd.ms-word.document.macroEnabled.main+xml", True, "file.macro_document"),
        ("bao-cao.docx", DOCUMENT, True, "file.macro_document"),  # macros under a document's type
        ("bao-cao.docx", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml", True, "file.macro_document"),
        ("bao-cao.docx", f"{WORD}.template.main+xml", False, "file.word_template"),
        ("bao-cao.docm", "application/vnd.ms-word.document.macroEnabled.main+xml", True, "file.macro_document"),
        ("mau.dotx", f"{WORD}.template.main+xml", False, "file.word_template"),
    ],
)
def test_macros_and_templates_are_refused_saying_how_to_save_a_document(
    tmp_path: Path, name: str, main_type: str, macros: bool, code: str
) -> None:
    report = check_file(word_file(tmp_path / name, main_type, macros=macros))
    assert [p["code"] for p in report.problems] == [code]
    assert "(.docx)" in report.errors[0]
