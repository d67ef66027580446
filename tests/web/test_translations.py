"""Vietnamese first: every string of the interface has a checked Vietnamese translation, and the compiled catalogue
the app loads is the one in the repository."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "app" / "translations" / "vi" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def vietnamese() -> Catalog:
    with open(CATALOGUE / "messages.po", "rb") as f:
        return read_po(f, locale="vi")


def _key(message: Message) -> str:
    return message.id[0] if isinstance(message.id, list | tuple) else message.id


def _text(string: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    return tuple(string) if isinstance(string, list | tuple) else (string or "",)


def test_every_string_of_the_source_is_in_the_catalogue(vietnamese: Catalog, tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    keywords = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2"]  # as the Makefile's `translations`
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            *keywords,
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with open(pot, "rb") as f:
        source = {_key(m) for m in read_po(f) if m.id}
    known = {_key(m) for m in vietnamese if m.id}
    assert sorted(source - known) == []  # run `make translations` and translate what it adds


def test_every_string_is_translated_and_its_placeholders_agree(vietnamese: Catalog) -> None:
    untranslated = [_key(m) for m in vietnamese if m.id and (m.fuzzy or not all(_text(m.string)))]
    assert untranslated == []
    problems = [(_key(message), [str(e) for e in errors]) for message, errors in vietnamese.check() if errors]
    assert problems == []


def test_template_strings_have_no_bare_percent_sign(vietnamese: Catalog) -> None:
    """Jinja's gettext always %-formats what it returns, so in a template's string a lone ``%`` is an error (500)
    in that language: write ``phần trăm``, or ``%%``."""
    bare = re.compile(r"%(?!\(\w+\)[sdif]|%)")
    broken = [
        _key(m)
        for m in vietnamese
        if m.id and any(path.endswith(".html") for path, _line in m.locations)
        for text in _text(m.string)
        if bare.search(text)
    ]
    assert broken == []


def test_the_compiled_catalogue_is_up_to_date(vietnamese: Catalog) -> None:
    with open(CATALOGUE / "messages.mo", "rb") as f:
        compiled = read_mo(io.BytesIO(f.read()))
    expected = {_key(m): _text(m.string) for m in vietnamese if m.id and not m.fuzzy}
    actual = {_key(m): _text(m.string) for m in compiled if m.id}
    assert actual == expected  # run `pybabel compile -d app/translations`
