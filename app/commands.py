"""hoithi's own commands on the Flask command line: demo, audit, worker, up (see app.supervisor), doctor, and
the groups of other modules (storage and entries, lab, rounds, judge, sandbox, proposals, themis)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from judge.cli import judge_cli
from judge.errors import ProblemError
from judge.package import LoadOptions
from sandbox.cli import sandbox_cli

from . import doctor
from .extensions import db
from .grading.reconcile import reconcile, reconcile_test_runs
from .grading.slots import slot_cpus
from .lab_commands import lab_cli
from .queue import judge_queue, queue_of_test_runs
from .redis_server import RedisUnavailable, socket_path, start_private_redis, url_for_socket
from .rounds_commands import rounds_cli
from .services.demo import ACCOUNTS, DEMO_PASSWORD, load_demo
from .services.errors import InvalidInput
from .services.programming import grading, problem_admin
from .services.programming.themis_folders.cli import themis_cli
from .services.proposals.rescreening_cli import rescreen_published_command
from .services.proposals.screening_cli import screen_command
from .services.records import audit
from .storage import content_store
from .storage_commands import entries_cli, storage_cli
from .supervisor import Supervisor, popen_options, port_taken

# A Unix socket's path must fit in sockaddr_un (108 bytes on Linux, with its final NUL).
UNIX_SOCKET_PATH_MAX = 108
WORKER_FINISH_S = 5.0
"""On Ctrl-C, how long ``hoithi up`` lets a judge worker finish the submission in hand before its cold stop (which
queues the submission again): a usual submission is graded in a few seconds, and the supervisor kills what still
runs after 15 s."""


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo data (Sở GD&ĐT Hải Dương, its units and people, one account per role, contests in every
    state with entries, score sheets, awards, a programming problem and its submissions)."""
    created = load_demo(db.session, content_store())
    db.session.commit()
    click.echo(f"Demo data loaded ({len(created)} new accounts).")
    _print_logins()


def _print_logins() -> None:
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for account in ACCOUNTS:
        roles = ", ".join(sorted(r.value for r in account.roles))
        click.echo(f"  {account.username:<12} {roles:<12} {account.full_name}")


@click.group("audit")
def audit_cli() -> None:
    """The audit log."""


@audit_cli.command("verify")
@click.option(
    "--checkpoints",
    "files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="A file of checkpoints (JSON lines) to check too; the instance's own is always checked.",
)
@with_appcontext
def audit_verify(files: tuple[str, ...]) -> None:
    """Check the audit log's keyed hash chain and its checkpoints; exit 1 naming every edited, missing or
    unkeyed entry, and entries removed after a checkpoint."""
    checkpoints: list[audit.Checkpoint] = []
    for path in (current_app.config["AUDIT_CHECKPOINT_FILE"], *files):
        found, unreadable = audit.read_checkpoints(path)
        checkpoints += found
        for line in unreadable:
            click.echo(f"{path}: line {line} is not a checkpoint (ignored)", err=True)
    faults = audit.verify(db.session, current_app.config["AUDIT_KEY"], checkpoints)
    for fault in faults:
        click.echo(f"entry {fault.entry_id}: {fault.problem}")
    if faults:
        sys.exit(1)
    click.echo(f"audit log intact ({len(checkpoints)} checkpoints checked)")


@audit_cli.command("checkpoint")
@with_appcontext
def audit_checkpoint() -> None:
    """Append the chain's head to the checkpoint file now (and print it: copy it somewhere else too)."""
    written = audit.write_checkpoint(db.session, current_app.config["AUDIT_CHECKPOINT_FILE"])
    click.echo(written.line() if written else "the audit log is empty")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=None,
    help="Submissions graded at once, each slot on a core of its own [default: HOITHI_JUDGE_CONCURRENCY, else "
    "the number of cores].",
)
@click.option("--cpus", default=None, help="Run on these CPUs only (a list such as 0,1); for one slot.")
@with_appcontext
def worker_command(burst: bool, concurrency: int | None, cpus: str | None) -> None:
    """Run judge workers on the Redis queue."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # a LocalProxy, typed as a Flask
    slots = concurrency or app.config["JUDGE_CONCURRENCY"]
    if slots > 1:
        from .grading.slots import run_slots

        sys.exit(run_slots(slots, burst=burst))
    from .grading.worker import run_worker

    run_worker(app, burst=burst, cpus={int(cpu) for cpu in cpus.split(",")} if cpus else None)


@click.command("up")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=1, show_default=True, help="Judge workers to start.")
@with_appcontext
def up_command(host: str, port: int, workers: int) -> None:
    """Run everything on this machine: migrate, demo data on first start, Redis, judge workers, web server.

    Ctrl-C (or SIGTERM, SIGHUP) stops all of it. A child that stops unexpectedly is restarted (Redis before the
    workers), with a growing pause; the web server keeps serving through it. Only a web server that keeps failing
    right after starting stops everything.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # a LocalProxy, typed as a Flask
    if port_taken(host, port):  # the web server would fail there again and again before everything stopped
        raise click.ClickException(
            f"Port {port} of {host} is taken by another program. Stop that program, or choose another port: "
            f"make run PORT={port + 1} (or hoithi up --port {port + 1})."
        )
    instance = Path(app.instance_path)
    supervisor = Supervisor(say=lambda line: click.echo(line, err=True))
    with supervisor.handling_signals():
        _prepare_database()
        code = 0
        try:
            if not supervisor.stopping:
                _start_children(supervisor, app, instance, host, port, workers)
                click.echo(f"Web server: http://{host}:{port}")
                _print_logins()
                click.echo("Press Ctrl-C to stop.")
                code = supervisor.run()
        except RedisUnavailable as error:
            raise click.ClickException(str(error)) from None
        finally:
            supervisor.stop_all()
            click.echo("Stopped.")
    sys.exit(code)


def _prepare_database() -> None:
    """Bring the schema up to date; load the demo data into an empty database."""
    upgrade()
    from .models import User

    if db.session.query(User.id).first() is None:
        load_demo(db.session, content_store())
        db.session.commit()
        click.echo("Demo data loaded.")
    db.session.remove()  # the children have their own connections; this process keeps none open while it waits


def _cpu_list(cpus: set[int]) -> str:
    return ",".join(str(cpu) for cpu in sorted(cpus))


def _start_children(supervisor: Supervisor, app: Flask, instance: Path, host: str, port: int, workers: int) -> None:
    """Start the private Redis (unless ``HOITHI_REDIS_URL`` names one), the workers and gunicorn, each supervised.
    gunicorn's control socket and its workers' heartbeat files stay in the instance folder (``run/``), never in the
    user's home."""
    env = dict(os.environ, HOITHI_INSTANCE_DIR=str(instance))
    if app.config["REDIS_URL"]:
        env["HOITHI_REDIS_URL"] = app.config["REDIS_URL"]
        click.echo(f"Redis: {env['HOITHI_REDIS_URL']}")
    else:
        supervisor.start("private Redis", lambda: start_private_redis(instance, **popen_options()))
        env["HOITHI_REDIS_URL"] = url_for_socket(socket_path(instance))
        click.echo(f"Redis (private): {env['HOITHI_REDIS_URL']}")
    # one slot each, supervised one by one, each on a core of its own (app.grading.slots)
    for number, cpus in enumerate(slot_cpus(workers, list(os.sched_getaffinity(0))), start=1):
        command = [sys.executable, "-m", "app.cli", "worker", "--concurrency", "1", "--cpus", _cpu_list(cpus)]

        def launch(command: list[str] = command) -> subprocess.Popen[bytes]:
            return subprocess.Popen(command, env=env, **popen_options())

        supervisor.start(
            f"judge worker {number}",
            launch,
            needs=None if app.config["REDIS_URL"] else "private Redis",
            cold_stop_after=WORKER_FINISH_S,
        )
    click.echo(f"Judge workers: {workers}")
    run = instance / "run"
    (run / "tmp").mkdir(parents=True, exist_ok=True)
    control = run / "gunicorn.ctl"
    control_socket = (
        ["--control-socket", str(control)]
        if len(os.fsencode(control)) < UNIX_SOCKET_PATH_MAX
        else ["--no-control-socket"]
    )
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{host}:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--keep-alive",
        "30",  # pages poll every few seconds: keep their connections rather than reconnect each time
        "--graceful-timeout",
        "10",
        "--worker-tmp-dir",
        str(run / "tmp"),
        *control_socket,
        "--access-logfile",
        "-",
        "wsgi:app",
    ]
    root = str(Path(__file__).resolve().parent.parent)
    supervisor.start(
        "web server",
        lambda: subprocess.Popen(gunicorn, env=env, cwd=root, **popen_options()),
        essential=True,
    )


@judge_cli.command("import")
@click.argument("package", type=click.Path(exists=True, path_type=Path))
@click.option("--code", help="Short name of the problem (default: the package's name).")
@click.option("--time-limit", type=click.FloatRange(min=0.001), help="CPU seconds per test.")
@click.option("--memory-limit", type=click.IntRange(min=1), help="MiB per test.")
@click.option(
    "--points",
    type=click.FloatRange(min=0),
    default=100.0,
    show_default=True,
    help="Total points of a package without its own scoring.",
)
@with_appcontext
def judge_import(
    package: Path, code: str | None, time_limit: float | None, memory_limit: int | None, points: float
) -> None:
    """Store the problem in PACKAGE (Kattis or Themis; folder or .zip) in the database and the file store."""
    options = LoadOptions(time_limit_s=time_limit, memory_limit_mib=memory_limit, total_points=points)
    try:
        code = problem_admin.problem_code(code or "", package.stem if package.is_file() else package.name, "problem")
    except InvalidInput as refused:
        raise click.ClickException(str(refused.message)) from None
    try:
        problem = grading.import_problem(db.session, content_store(), package, code=code, options=options)
    except ProblemError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(
        f"problem {problem.id} {problem.code!r}: {problem.package_format}, {problem.test_count} tests, "
        f"{problem.time_limit_ms} ms, {problem.memory_limit_kb // 1024} MiB, {problem.max_score:g} points"
    )


@judge_cli.command("reconcile")
@click.option("--stale-seconds", type=float, help="Heartbeat age after which a grader is presumed dead.")
@with_appcontext
def judge_reconcile(stale_seconds: float | None) -> None:
    """Re-enqueue submissions and test runs that should be run but have no live job."""
    stale = stale_seconds or current_app.config["JUDGE_STALE_SECONDS"]
    ids = reconcile(db.session, judge_queue(), stale_seconds=stale)
    click.echo(f"re-enqueued {len(ids)} submissions" + (f": {ids}" if ids else ""))
    runs = reconcile_test_runs(db.session, queue_of_test_runs(), stale_seconds=stale)
    click.echo(f"re-enqueued {len(runs)} test runs" + (f": {runs}" if runs else ""))


proposals_cli = click.Group("proposals", help="Contest proposals and their Section 8 screening.")
proposals_cli.add_command(screen_command)
proposals_cli.add_command(rescreen_published_command)


@click.command("doctor")
@click.option("--only", type=click.Choice(list(doctor.CHECKS)), multiple=True, help="Run only these checks.")
@with_appcontext
def doctor_command(only: tuple[str, ...]) -> None:
    """Check a deployment from this host: database, Redis, store, sandbox, mail, clock, static files.

    Each check prints one line (ok or FAIL, and what it found); the exit status is 1 when any fails."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # a LocalProxy, typed as a Flask
    findings = doctor.examine(app, list(only) or None)
    width = max(len(f.name) for f in findings)
    for finding in findings:
        click.echo(f"{'ok  ' if finding.ok else 'FAIL'}  {finding.name:<{width}}  {finding.detail}")
    failed = [f.name for f in findings if not f.ok]
    if failed:
        click.echo(f"{len(failed)} of {len(findings)} checks failed: {', '.join(failed)}")
        raise click.exceptions.Exit(1)
    click.echo(f"all {len(findings)} checks passed")


def register(app: Flask) -> None:
    for command in (
        demo_command,
        audit_cli,
        worker_command,
        up_command,
        judge_cli,
        sandbox_cli,
        proposals_cli,
        entries_cli,
        storage_cli,
        lab_cli,
        rounds_cli,
        doctor_command,
        themis_cli,
    ):
        app.cli.add_command(command)
