"""hoithi's own commands on the Flask command line: demo, audit, worker, up."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from judge.cli import judge_cli
from judge.errors import ProblemError
from judge.package import LoadOptions
from sandbox.cli import sandbox_cli
from submissions.cli import entries_check
from submissions.store import ContentStore

from .extensions import db
from .grading.reconcile import reconcile
from .queue import judge_queue
from .redis_server import ensure_private_redis, stop_private_redis
from .services import audit, judging
from .services.demo import ACCOUNTS, DEMO_PASSWORD, load_demo
from .services.screening_cli import screen_command


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo data (Sở GD&ĐT Hải Dương, its units, one account per role, three contests)."""
    created = load_demo(db.session)
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
@with_appcontext
def audit_verify() -> None:
    """Check the hash chain of the audit log; exit 1 naming every edited or missing entry."""
    faults = audit.verify(db.session)
    for fault in faults:
        click.echo(f"entry {fault.entry_id}: {fault.problem}")
    if faults:
        sys.exit(1)
    click.echo("audit log intact")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run one judge worker on the Redis queue."""
    from .grading.worker import run_worker

    run_worker(current_app._get_current_object(), burst=burst)  # type: ignore[attr-defined]


@click.command("up")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=1, show_default=True, help="Judge workers to start.")
@with_appcontext
def up_command(host: str, port: int, workers: int) -> None:
    """Run everything on this machine: migrate, demo data on first start, Redis, judge workers, web server.

    Ctrl-C stops all of it.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    instance = Path(app.instance_path)
    upgrade()
    from .models import User

    if db.session.query(User.id).first() is None:
        load_demo(db.session)
        db.session.commit()
        click.echo("Demo data loaded.")
    env = dict(os.environ)
    private_redis = not app.config["REDIS_URL"]
    env["HOITHI_REDIS_URL"] = ensure_private_redis(instance) if private_redis else app.config["REDIS_URL"]
    click.echo(f"Redis{' (private)' if private_redis else ''}: {env['HOITHI_REDIS_URL']}")
    hoithi = [sys.executable, "-m", "app.cli"]
    # Each child leads a process group of its own, so that stopping reaches everything it started.
    children = [subprocess.Popen([*hoithi, "worker"], env=env, start_new_session=True) for _ in range(workers)]
    click.echo(f"Judge workers: {workers}")
    children.append(
        subprocess.Popen(
            [
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
                "--access-logfile",
                "-",
                "wsgi:app",
            ],
            env=env,
            cwd=str(Path(__file__).resolve().parent.parent),
            start_new_session=True,
        )
    )
    click.echo(f"Web server: http://{host}:{port}")
    _print_logins()
    click.echo("Press Ctrl-C to stop.")
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        click.echo("A process stopped; stopping the rest.", err=True)
    except KeyboardInterrupt:
        click.echo("Stopping…")
    finally:
        for child in children:
            _signal_group(child, signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait()
        if private_redis:
            stop_private_redis(instance)
        click.echo("Stopped.")


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
        problem = judging.import_problem(
            db.session, ContentStore(current_app.config["STORAGE_DIR"]), package, code=code, options=options
        )
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
    """Re-enqueue submissions that should be graded but have no live job."""
    ids = reconcile(db.session, judge_queue(), stale_seconds=stale_seconds or current_app.config["JUDGE_STALE_SECONDS"])
    click.echo(f"re-enqueued {len(ids)} submissions" + (f": {ids}" if ids else ""))


proposals_cli = click.Group("proposals", help="Contest proposals and their Section 8 screening.")
proposals_cli.add_command(screen_command)
entries_cli = click.Group("entries", help="Entries judged by people: their files.")
entries_cli.add_command(entries_check)


def _signal_group(child: subprocess.Popen[bytes], sig: int) -> None:
    """Send ``sig`` to the child's whole process group (it may be gone already)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, sig)


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
    ):
        app.cli.add_command(command)
