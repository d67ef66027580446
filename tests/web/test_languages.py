"""The judge's languages are listed once (``sandbox.languages.LANGUAGES``); everything that names them follows
that list: the runner image, the packages CI installs for bubblewrap, the API, the editor, the contest settings
and the README."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import cast

from flask import Flask

from app.api.openapi import document
from app.form_base import SelectChoice
from app.programming.contestant_forms import editor_settings, language_choices
from app.programming.organiser_forms import SettingsForm
from app.services.programming.judging_settings import DEFAULT_LANGUAGES
from sandbox.image import PACKAGES
from sandbox.languages import LANGUAGES, debian_packages, language_for

ROOT = Path(__file__).resolve().parents[2]
MODES = ROOT / "app" / "static" / "vendor" / "codemirror" / "mode"


def test_the_runner_image_holds_every_languages_packages() -> None:
    for language in LANGUAGES.values():
        assert language.packages, language.key
        assert set(language.packages) <= set(PACKAGES), language.key


def test_ci_installs_the_derived_packages_with_the_standard_library_alone() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "python3 -m sandbox.languages --debian-packages" in script
    for package in debian_packages():
        if package != "python3":  # python3-venv is installed before any Python runs
            assert not re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", script), package
    printed = subprocess.run(
        ["/usr/bin/python3", "-m", "sandbox.languages", "--debian-packages"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout.split() == debian_packages()


def test_the_api_enumerates_the_languages() -> None:
    schemas = document()["components"]["schemas"]
    assert schemas["NewSubmission"]["properties"]["language"]["enum"] == list(LANGUAGES)
    assert schemas["ProblemList"]["properties"]["languages"]["items"]["enum"] == list(LANGUAGES)


def test_every_typed_language_has_an_editor_mode_that_its_script_defines() -> None:
    editor = editor_settings()
    assert set(editor["modes"]) == {key for key, lang in LANGUAGES.items() if not lang.binary}
    assert editor["extensions"]["sb3"] == "scratch" and ".sb3" in editor["accept"].split(",")
    for language in LANGUAGES.values():
        if language.binary:
            continue
        assert language.editor_script in editor["scripts"]
        script = (MODES / f"{language.editor_script}.js").read_text()
        assert f'"{language.editor_mode}"' in script, language.key
        for extension in language.extensions:
            assert editor["extensions"][extension.lstrip(".")] == language.key
            assert extension in editor["accept"].split(",")


def test_contests_accept_every_language_but_scratch_until_organisers_choose() -> None:
    assert DEFAULT_LANGUAGES.split(",") == [key for key in LANGUAGES if key != "scratch"]


def test_the_readme_lists_the_languages() -> None:
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| `([a-z]+)` \| ([^|]+) \|", readme, re.M)
    assert [(key, name.strip()) for key, name in rows] == [(lang.key, lang.name) for lang in LANGUAGES.values()]


def test_the_forms_offer_every_language_by_its_name(app: Flask) -> None:
    """Adding a language to sandbox/languages.py is enough for the web: the submit form, the settings' languages
    and their time limit multipliers, and the extensions a file is recognised by all follow the list."""
    named = [(key, lang.name) for key, lang in LANGUAGES.items()]
    with app.test_request_context():
        offered = language_choices(DEFAULT_LANGUAGES.split(","))  # the submit form's
        settings = SettingsForm()
        settable = cast(list[SelectChoice], settings.languages.choices)
        assert isinstance(offered, list)
        assert [(choice[0], str(choice[1])) for choice in offered][1:] == named[:-1]  # but Scratch
        assert [(choice.value, str(choice.label)) for choice in settable] == named
        assert [(f.name.rsplit("-", 1)[-1], str(f.label.text)) for f in settings.time_multipliers] == named
    for lang in LANGUAGES.values():
        assert lang.name.strip()
        for extension in lang.extensions:
            assert language_for(f"bai{extension}").key == lang.key
