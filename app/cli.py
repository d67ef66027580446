"""The ``hoithi`` console script, which starts at once.

Until a command is chosen only click is imported: ``hoithi --help`` lists the commands from their entries below
without loading any (a test holds each entry's summary to its command's own). The judge's, the sandbox's and the
entry files' commands import only the judge, the sandbox or the store and never build the web application. The
application's commands (hoithi's own in ``app.commands``, Flask's ``run``, ``shell`` and ``routes``,
Flask-Migrate's ``db``, Flask-Limiter's ``limiter``) are looked up on the application's command line, as Flask's
``flask`` command looks them up, and so build the application only when one of them is chosen.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import click


@dataclass(frozen=True)
class Entry:
    """A command of a ``LazyGroup``: its one-line ``summary`` (the command's own short help) and where it is:
    ``target`` (``module:attribute``), or else ``in_app``, its path on the web application's command line."""

    summary: str
    target: str = ""
    in_app: tuple[str, ...] = ()

    def load(self, ctx: click.Context) -> click.Command | None:
        """The command itself, imported now (and, for the application's, the application built)."""
        if self.in_app:
            return _app_command(ctx, self.in_app)
        module, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command), self.target
        return command


class LazyGroup(click.Group):
    """A click group whose commands are imported only when one is chosen (click's lazy loading of subcommands), and
    whose help lists them from their entries without importing any."""

    def __init__(self, name: str, entries: Mapping[str, Entry], **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.entries = dict(entries)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.entries})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        entry = self.entries.get(name)
        return entry.load(ctx) if entry is not None else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        rows = []
        for name in names:
            if name in self.commands:
                if not self.commands[name].hidden:
                    rows.append((name, self.commands[name].get_short_help_str(limit)))
            else:
                rows.append((name, click.Command(name, help=self.entries[name].summary).get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _app_command(ctx: click.Context, path: tuple[str, ...]) -> click.Command | None:
    """The command at ``path`` on the application's command line (``app.commands.register`` and Flask's), with the
    application that ``create_app`` builds from the environment given to it as Flask gives it."""
    from flask.cli import FlaskGroup, ScriptInfo

    from . import create_app

    if ctx.find_object(ScriptInfo) is None:
        ctx.obj = ScriptInfo(create_app=create_app)
    command: click.Command | None = FlaskGroup(create_app=create_app).get_command(ctx, path[0])
    for name in path[1:]:
        command = command.get_command(ctx, name) if isinstance(command, click.Group) else None
    return command


def _in_app(summary: str, *path: str) -> Entry:
    return Entry(summary, in_app=path)


judge = LazyGroup(
    "judge",
    {
        "run": Entry("Grade SOURCE against the problem in PACKAGE (a folder or a .zip).", "judge.cli:run_command"),
        "verify": Entry(
            "Grade every reference submission of PACKAGE; exit 0 only when each earns an expected verdict.",
            "judge.cli:verify_command",
        ),
        "import": _in_app(
            "Store the problem in PACKAGE (Kattis or Themis; folder or .zip) in the database and the file store.",
            "judge",
            "import",
        ),
        "reconcile": _in_app(
            "Re-enqueue submissions and test runs that should be run but have no live job.", "judge", "reconcile"
        ),
    },
    help="Grade programs against problem packages (Kattis or Themis).",
)
entries = LazyGroup(
    "entries",
    {
        "check": Entry("Check FILE (a package zip, video, document or image).", "submissions.cli:entries_check"),
        "recover-launch-queries": _in_app(
            "Record the launch query of packages stored before hoithi kept one (once, after upgrading): read from "
            "their manifests, only where they still open at the same page.",
            "entries",
            "recover-launch-queries",
        ),
    },
    help="Entries judged by people: their files.",
)
cli = LazyGroup(
    "hoithi",
    {
        "audit": _in_app("The audit log.", "audit"),
        "db": _in_app("Perform database migrations.", "db"),
        "demo": _in_app(
            "Load the demo data (Sở GD&ĐT Hải Dương, its units and people, one account per role, contests in every "
            "state with entries, score sheets, awards, a programming problem and its submissions).",
            "demo",
        ),
        "lab": _in_app("Lab rounds offline: lab packages out, signed results bundles back.", "lab"),
        "doctor": _in_app(
            "Check a deployment from this host: database, Redis, store, sandbox, mail, clock, static files.",
            "doctor",
        ),
        "limiter": _in_app("Flask-Limiter maintenance & utility commands", "limiter"),
        "proposals": _in_app("Contest proposals and their Section 8 screening.", "proposals"),
        "routes": _in_app("Show the routes for the app.", "routes"),
        "rounds": _in_app("Rounds that feed rounds: nominate the best into the next, withdraw.", "rounds"),
        "run": _in_app("Run a development server.", "run"),
        "sandbox": Entry("Check and prepare the sandboxes that run contestants' programs.", "sandbox.cli:sandbox_cli"),
        "shell": _in_app("Run a shell in the app context.", "shell"),
        "storage": _in_app("The store of files.", "storage"),
        "themis": _in_app("Themis contest folders: import them into a programming contest, export it.", "themis"),
        "up": _in_app(
            "Run everything on this machine: migrate, demo data on first start, Redis, judge workers, web server.", "up"
        ),
        "worker": _in_app("Run judge workers on the Redis queue.", "worker"),
    },
    help="hoithi: contest management (hội thi).",
)
cli.add_command(judge)
cli.add_command(entries)


def main() -> None:
    from judge import early_sandbox

    argv = sys.argv[1:]
    if not early_sandbox.wanted(argv):
        cli.main(prog_name="hoithi")
        return
    try:
        with early_sandbox.started(argv):  # ``judge run``'s sandbox starts before click parses
            cli.main(prog_name="hoithi")
    except SystemExit as exc:
        _exit_at_once(exc.code)


def _exit_at_once(code: object) -> NoReturn:
    """End the process with ``code`` as ``SystemExit`` would, without the interpreter's teardown: ``judge run`` has
    printed its result, closed its sandbox and left its container to a forked process; tearing down every module's
    objects then took 30 ms more at load 5, half of it copy-on-write faults on pages that process still shares.
    Nothing of hoithi's is left to an ``atexit`` handler; logging's is called here."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
