"""``hoithi judge ...``: grade a source against a package, verify a package's reference submissions.

Only click here, no Flask: the application attaches ``judge_cli`` to its own command line. The grading modules
are imported by the commands that use them, once ``judge run`` has set its sandbox starting (``OpenedAhead``):
the container or bubblewrap box starts while Python imports them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sandbox.ahead import OpenedAhead
from sandbox.backends import get_backend
from sandbox.languages import LANGUAGES, Language, UnknownLanguage, language_for
from sandbox.limits import Limits
from sandbox.session import Backend, SandboxError

from . import early_sandbox
from .errors import JudgeError, ProblemError

if TYPE_CHECKING:
    from .grader import Report
    from .input_validators import Rejection
    from .problem import ExpectedSubmission, Problem

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
    # The sandbox starts while the grading modules import and the package loads (from ``hoithi``'s start when
    # ``early_sandbox`` began it); a container is removed after the command, by a process of its own.
    with early_sandbox.take(sandbox) or OpenedAhead(lambda: get_backend(sandbox, trial=False)) as backend:
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
        try:
            backend.backend()  # no sandbox at all: said as such, not as a fault while grading
        except SandboxError as exc:  # its message names the backend asked for
            raise click.ClickException(f"no sandbox to grade in: {exc}") from None
        report = _grade(problem, source.read_bytes(), language, backend, limits)
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
    """Grade every reference submission of PACKAGE; exit 0 only when each earns an expected verdict.

    What hoithi cannot judge is listed as skipped. A Kattis package without a time limit gets the one its
    accepted submissions give (slowest x time_multiplier, rounded up to whole seconds or the package's
    time_resolution), as problemtools does. A Kattis package's submission that earns its verdict only at the safety
    margin (the limit times time_safety_margin) is ok, as problemtools has it ("OK with extra time"); an
    @EXPECTED_SCORE@ number must be the score earned, as DOMjudge checks it. A range at the top of data/ above what
    the tests can earn is warned of, as problemtools warns of it; a time limit problem.yaml fixes (2023-07 format
    on) under the slowest accepted submission times ac_to_time_limit fails, as problemtools fails it. A
    wrong_answer submission whose WA printed nothing is ok, as problemtools has it, with a note that DOMjudge calls
    it NO-OUTPUT and flags it. Every test input is run through the package's input validators (input_validators/,
    with each group's input_validator_flags); one that does not exit 42 on an input fails the package, as
    problemtools fails it.
    """
    from .verify import check_submissions, lacks_accepted, tighter_than_accepted, with_derived_limit

    problem = _load(package)
    if not problem.submissions:
        raise click.ClickException(f"{package}: no submissions to verify (put them under submissions/)")
    backend = _backend(sandbox)
    rejections = _check_inputs(problem, backend)
    try:
        problem, derived = with_derived_limit(problem, backend)
        checked = check_submissions(problem, backend)
    except JudgeError as exc:
        raise click.ClickException(str(exc)) from None
    rows = []
    for item in checked:
        report = item.report
        if report.judge_log:
            click.echo(f"{item.submission.path}: {report.judge_log}", err=True)
        expected = _expected_column(item.submission)
        note = None
        if item.submission.domjudge_differs(report.verdict, report.no_output):
            note = "DOMjudge: NO-OUTPUT, which its wrong_answer folder does not accept (move it to no_output/)"
        rows.append(
            {
                "path": item.submission.path,
                "expected": expected,
                "verdict": str(report.verdict),
                "score": report.score,
                "max_score": report.max_score,
                "time_ms": item.time_ms,
                "ok": item.ok,
                "extra_time": None if item.extra_time is None else str(item.extra_time.verdict),
                "note": note,
            }
        )
    skipped = [{"path": s.path, "reason": s.reason} for s in problem.skipped]
    if lacks_accepted(problem):
        click.echo("warning: no submission in submissions/accepted/, which problemtools requires", err=True)
    tight = tighter_than_accepted(problem, checked)
    if tight is not None:
        click.echo(
            f"the time limit of problem.yaml ({problem.time_limit_ms / 1000:g} s) is under the slowest accepted "
            f"submission ({tight[1]}, {tight[0]} ms) x {problem.time_multiplier:g}: problemtools refuses the "
            "package so; give a larger limit, or none to derive it",
            err=True,
        )
    full_score = checked[0].full_score if checked else None
    if full_score is not None:  # problemtools warns of each accepted submission ("did not attain full score")
        top = checked[0].report.max_score
        click.echo(
            f"warning: the range of data/ goes up to {full_score:g}, more than the tests can earn ({top:g}): "
            f"hoithi gives full marks at {top:g}; problemtools calls only {full_score:g} a full score (an accepted "
            f'submission below it "did not attain full score", a partially accepted one at {top:g} is partial)',
            err=True,
        )
    limit = {
        "time_limit_ms": problem.time_limit_ms,
        "derived_from": None if derived is None else {"path": derived.slowest_path, "time_ms": derived.slowest_ms},
        "multiplier": None if derived is None else derived.multiplier,
        "safety_limit_ms": None if derived is None else derived.safety_limit_ms,
        "under_slowest_accepted": None if tight is None else {"path": tight[1], "time_ms": tight[0]},
    }
    if as_json:
        answer = {
            "submissions": rows,
            "skipped": skipped,
            "limit": limit,
            "range_full_score": full_score,
            "input_validators": [validator.path for validator in problem.input_validators],
            "rejected_inputs": [
                {"validator": r.validator, "test": r.test or None, "message": r.message} for r in rejections
            ],
        }
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        if derived is not None:
            click.echo(
                f"time limit {derived.time_limit_ms / 1000:g} s, derived: slowest accepted {derived.slowest_ms} ms "
                f"({derived.slowest_path}) x {derived.multiplier:g}, rounded up; safety margin "
                f"{derived.safety_limit_ms / 1000:g} s"
            )
        width = max(len(str(row["path"])) for row in rows)
        said = max(12, *(len(str(row["expected"])) + 1 for row in rows))  # 'MLE,RE,WA(printed)' is longer
        click.echo(f"{'submission':<{width}}  {'expected':<{said}} {'got':<4} {'score':>12} {'max ms':>7}")
        for row in rows:
            score = f"{row['score']:g}/{row['max_score']:g}"
            click.echo(
                f"{row['path']:<{width}}  {row['expected']:<{said}} {row['verdict']:<4} {score:>12} "
                f"{row['time_ms']:>7}  {'ok' if row['ok'] else 'MISMATCH'}"
                + ("" if row["extra_time"] is None else f" (at the safety margin: {row['extra_time']})")
                + ("" if row["note"] is None else f" ({row['note']})")
            )
        for left_out in problem.skipped:
            click.echo(f"skipped {left_out.path}: {left_out.reason}")
    failures = sum(1 for row in rows if not row["ok"])
    if failures:
        click.echo(f"{failures} of {len(rows)} submissions did not get an expected verdict", err=True)
    if failures or tight is not None or rejections:
        sys.exit(1)


def _check_inputs(problem: Problem, backend: Backend) -> list[Rejection]:
    """Every test input run through the package's input validators, as problemtools' verifyproblem does; each
    rejection is said on stderr (and fails the package), a Kattis package without a validator is warned of."""
    from .input_validators import FOLDERS, check_inputs

    if problem.format != "kattis":
        return []
    if not problem.input_validators:
        click.echo(f"warning: no input validator (in {FOLDERS[1]}/), which problemtools requires", err=True)
        return []
    try:
        rejections = check_inputs(problem, backend)
    except SandboxError as exc:
        raise click.ClickException(f"sandbox failed while validating the test inputs: {exc}") from None
    for rejection in rejections:
        click.echo(f"error: {rejection}", err=True)
    return rejections


def _load(package: Path) -> Problem:
    from .package import load_problem

    try:
        return load_problem(package)
    except ProblemError as exc:
        raise click.ClickException(str(exc)) from None


def _backend(name: str | None) -> Backend:
    """The backend ``name``, or when none is given the environment's choice (``HOITHI_SANDBOX``, else auto).

    Without a trial sandbox: the command opens its first session at once, and that start is the trial (a sandbox
    that does not start is reported as "sandbox failed while grading ...")."""
    try:
        return get_backend(name, trial=False)
    except SandboxError as exc:  # its message names the backend asked for
        raise click.ClickException(f"no sandbox to grade in: {exc}") from None


def _grade(
    problem: Problem, source: bytes, language: Language, backend: Backend, limits: Limits | None = None
) -> Report:
    from .grader import grade

    try:
        return grade(problem, source, language, backend, limits)
    except JudgeError as exc:
        raise click.ClickException(str(exc)) from None


def _expected_column(submission: ExpectedSubmission) -> str:
    """What ``verify`` prints a submission must earn: its verdicts (``partial``), then ``=SCORE`` when it names a
    score (a score alone: any verdict)."""
    from .problem import EmptyOutput
    from .verdict import Verdict

    if submission.partial:
        said = "partial"
    elif submission.expected >= frozenset(Verdict) - {Verdict.JE}:
        said = ""
    else:
        said = ",".join(sorted(submission.expected))
    if submission.empty is EmptyOutput.REQUIRED:  # DOMjudge's NO-OUTPUT: a WA that printed nothing
        said = said.replace("WA", "WA(empty)")
    elif submission.empty is EmptyOutput.REFUSED:  # DOMjudge's WRONG-ANSWER alone: a WA that printed something
        said = said.replace("WA", "WA(printed)")
    if submission.expected_score is None:
        return said
    return f"{said}={submission.expected_score}"
