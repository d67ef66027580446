"""``hoithi judge ...``: grade a source against a package, verify a package's reference submissions.

Only click here, no Flask: the application attaches ``judge_cli`` to its own command line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sandbox.backends import get_backend
from sandbox.languages import LANGUAGES, Language, UnknownLanguage, language_for
from sandbox.limits import Limits
from sandbox.session import Backend, SandboxError

from .errors import JudgeError, ProblemError
from .grader import Report, grade
from .package import load_problem
from .problem import Problem

judge_cli = click.Group("judge", help="Grade programs against problem packages (Kattis or Themis).")

_package = click.argument("package", type=click.Path(exists=True, path_type=Path))
_json = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
_sandbox = click.option(
    "--sandbox",
    type=click.Choice(["docker", "bwrap", "auto"]),
    default=None,
    help="Sandbox backend  [default: $HOITHI_SANDBOX, else auto]",
)


@judge_cli.command("run")
@_package
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", help=f"Language key ({', '.join(LANGUAGES)}); default: from the file's extension.")
@click.option("--time-limit", type=click.FloatRange(min=0.001), help="CPU seconds per test.")
@click.option("--memory-limit", type=click.IntRange(min=1), help="MiB per test.")
@_json
@_sandbox
def run_command(
    package: Path,
    source: Path,
    lang: str | None,
    time_limit: float | None,
    memory_limit: int | None,
    as_json: bool,
    sandbox: str | None,
) -> None:
    """Grade SOURCE against the problem in PACKAGE (a folder or a .zip)."""
    problem = _load(package)
    try:
        language = language_for(source.name, lang)
    except UnknownLanguage as exc:
        raise click.UsageError(str(exc)) from None
    limits = problem.limits()
    if time_limit is not None:
        limits = limits.with_(cpu_ms=round(time_limit * 1000))
    if memory_limit is not None:
        limits = limits.with_(memory_kb=memory_limit * 1024)
    report = _grade(problem, source.read_bytes(), language, _backend(sandbox), limits)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    if report.compile_output.strip():
        click.echo(report.compile_output.rstrip())
    click.echo(f"{'test':<24} {'verdict':<7} {'time ms':>8} {'memory KiB':>10} {'score':>8}  message")
    for test in report.tests:
        message = test.message.splitlines()[0] if test.message else ""
        click.echo(
            f"{test.name:<24} {test.verdict:<7} {test.time_ms:>8} {test.memory_kb:>10} {test.score:>8g}  {message}"
        )
    click.echo(f"{report.verdict}  {report.score:g} / {report.max_score:g}")
    if report.judge_log:
        click.echo(report.judge_log, err=True)


@judge_cli.command("verify")
@_package
@_json
@_sandbox
def verify_command(package: Path, as_json: bool, sandbox: str | None) -> None:
    """Grade every reference submission of PACKAGE; exit 0 only when each earns an expected verdict."""
    problem = _load(package)
    if not problem.submissions:
        raise click.ClickException(f"{package}: no submissions to verify (put them under submissions/)")
    backend = _backend(sandbox)
    rows = []
    for submission in problem.submissions:
        report = _grade(problem, submission.source, submission.language, backend)
        if report.judge_log:
            click.echo(f"{submission.path}: {report.judge_log}", err=True)
        rows.append(
            {
                "path": submission.path,
                "expected": ",".join(sorted(submission.expected)),
                "verdict": str(report.verdict),
                "score": report.score,
                "max_score": report.max_score,
                "time_ms": max((t.time_ms for t in report.tests), default=0),
                "ok": report.verdict in submission.expected,
            }
        )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        width = max(len(str(row["path"])) for row in rows)
        click.echo(f"{'submission':<{width}}  {'expected':<12} {'got':<4} {'score':>12} {'max ms':>7}")
        for row in rows:
            score = f"{row['score']:g}/{row['max_score']:g}"
            click.echo(
                f"{row['path']:<{width}}  {row['expected']:<12} {row['verdict']:<4} {score:>12} "
                f"{row['time_ms']:>7}  {'ok' if row['ok'] else 'MISMATCH'}"
            )
    failures = sum(1 for row in rows if not row["ok"])
    if failures:
        click.echo(f"{failures} of {len(rows)} submissions did not get an expected verdict", err=True)
        sys.exit(1)


def _load(package: Path) -> Problem:
    try:
        return load_problem(package)
    except ProblemError as exc:
        raise click.ClickException(str(exc)) from None


def _backend(name: str | None) -> Backend:
    """The backend ``name``, or when none is given the environment's choice (``HOITHI_SANDBOX``, else auto)."""
    try:
        return get_backend(name)
    except SandboxError as exc:  # its message names the backend asked for
        raise click.ClickException(f"no sandbox to grade in: {exc}") from None


def _grade(
    problem: Problem, source: bytes, language: Language, backend: Backend, limits: Limits | None = None
) -> Report:
    try:
        return grade(problem, source, language, backend, limits)
    except JudgeError as exc:
        raise click.ClickException(str(exc)) from None
