"""The documentation in the repository stands alone and follows the code: every ``hoithi`` command is in
docs/cli.md and every command there exists; the README leads to docs/ and to nothing outside the repository; the
pages' links to each other's files resolve."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import takewhile
from pathlib import Path

import click
import pytest
from flask import has_app_context

from app.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted([ROOT / "README.md", *DOCS.glob("*.md")])
COMMAND_WORD = re.compile(r"[a-z][a-z0-9-]*")


def commands(group: click.Group, ctx: click.Context) -> Iterator[tuple[str, bool]]:
    """Every command under ``group`` as its full name (``hoithi judge run``), with whether it is a group. Each
    context is closed once its commands are listed: looking up an application's command pushes an application
    context onto the click context, which must not outlive it."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        with click.Context(command, parent=ctx, info_name=name) as sub:
            yield sub.command_path, isinstance(command, click.Group)
            if isinstance(command, click.Group):
                yield from commands(command, sub)


def documented() -> tuple[set[str], set[str]]:
    """The groups docs/cli.md heads a section with (``## `hoithi db```) and the commands it gives a line
    (``- `hoithi db upgrade [REVISION]` — ...``), by their full names."""
    groups, lines = set(), set()
    for line in (DOCS / "cli.md").read_text().splitlines():
        if heading := re.fullmatch(r"## `(hoithi [^`]+)`", line):
            groups.add(heading.group(1))
        elif item := re.match(r"- `(hoithi [^`]+)`", line):
            lines.add(" ".join(takewhile(COMMAND_WORD.fullmatch, item.group(1).split())))
    return groups, lines


@pytest.fixture
def command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Every command of ``hoithi`` (the application's built on an empty instance folder), with whether it is a
    group."""
    monkeypatch.setenv("HOITHI_INSTANCE_DIR", str(tmp_path))
    with click.Context(cli, info_name="hoithi") as root:
        return dict(commands(cli, root))


def test_every_command_is_documented_and_every_documented_command_exists(command_line: dict[str, bool]) -> None:
    assert not has_app_context()  # looking the commands up left no application context behind
    groups, lines = documented()
    assert {"hoithi judge run", "hoithi up", "hoithi db upgrade"} <= set(command_line)
    assert groups == {name for name, is_group in command_line.items() if is_group}
    assert lines == {name for name, is_group in command_line.items() if not is_group}


def test_the_readme_leads_to_the_docs_and_not_outside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text()
    for page in ("architecture.md", "deployment.md", "cli.md"):
        assert f"(docs/{page})" in readme, page
    assert "../" not in readme and "shared/DESIGN" not in readme


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_pages_links_to_files_resolve(page: Path) -> None:
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", page.read_text(), flags=re.DOTALL)  # examples are not links
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", prose)
    local = [t for t in targets if "://" not in t and not t.startswith("mailto:")]
    assert [t for t in local if not (page.parent / t).exists()] == []
