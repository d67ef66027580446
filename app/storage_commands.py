"""``hoithi storage`` (sweeping what killed uploads left, copying a local store into a bucket) and ``hoithi
entries`` (the files of entries judged by people): the store of files from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from submissions import store_migration
from submissions.cli import entries_check
from submissions.store import LocalStore, StoreDenied, StoreError, StoreUnavailable
from submissions.store_choice import open_store

from .extensions import db
from .services import staging
from .services.entries import old_launch_queries
from .storage import content_store

entries_cli = click.Group("entries", help="Entries judged by people: their files.")
entries_cli.add_command(entries_check)


@entries_cli.command("recover-launch-queries")
@with_appcontext
def entries_recover_launch_queries() -> None:
    """Record the launch query of packages stored before hoithi kept one (once, after upgrading): read from their
    manifests, only where they still open at the same page. Safe to run again or to stop halfway."""
    try:
        done = old_launch_queries.recover(db.session, content_store())
    except (StoreUnavailable, StoreDenied) as exc:
        raise click.ClickException(f"{exc} (what was recorded stays: run the command again to go on)") from exc
    click.echo(f"{done.read} packages read, {done.recovered} launch queries recorded")
    for digest in done.missing:
        click.echo(f"{digest}: missing or damaged in the store, left as it was", err=True)
    if done.missing:
        sys.exit(1)


storage_cli = click.Group("storage", help="The store of files.")


@storage_cli.command("sweep")
@click.option("--hours", type=click.FloatRange(min=0), help="Older than this (default: HOITHI_STALE_UPLOAD_HOURS).")
@with_appcontext
def storage_sweep(hours: float | None) -> None:
    """Delete temporary files left in the store by killed processes (interrupted uploads), older than a bound."""
    bound = current_app.config["STALE_UPLOAD_HOURS"] if hours is None else hours
    removed = staging.sweep(content_store(), bound)
    click.echo(f"{len(removed)} stale temporary files removed (older than {bound:g} h)")


@storage_cli.command("migrate")
@click.option("--to", "url", help="The bucket, s3://bucket/prefix (default: HOITHI_STORAGE_URL).")
@click.option(
    "--from",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="The local store to copy (default: HOITHI_STORAGE_DIR).",
)
@with_appcontext
def storage_migrate(url: str | None, folder: Path | None) -> None:
    """Copy the local store into a bucket: resumable (objects already there whole are skipped) and verified."""
    config = current_app.config
    url = url or config["STORAGE_URL"]
    if not url:
        raise click.UsageError("no bucket: give --to s3://bucket/prefix or set HOITHI_STORAGE_URL")
    source = LocalStore(folder or config["STORAGE_DIR"])
    try:
        target = open_store(
            url, config["STORAGE_DIR"], config["S3_ENDPOINT"], config["S3_REGION"], config["STORAGE_CACHE_MB"]
        )
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"copying {source.describe()} to {target.describe()}")
    seen = 0

    def progress(digest: str, what: str) -> None:
        nonlocal seen
        seen += 1
        if what == "damaged":
            click.echo(
                f"  {digest}: damaged in {source.describe()} (its content no longer hashes to its name); left out"
            )
        elif seen % 100 == 0:
            click.echo(f"  {seen} objects...")

    try:
        done = store_migration.migrate(source, target, progress)
    except StoreError as exc:
        raise click.ClickException(f"{exc} (what was copied stays: run the command again to go on)") from exc
    click.echo(
        f"{done.copied} objects copied ({done.bytes / 1024 / 1024:.1f} MiB), {done.present} already there, "
        f"{len(done.damaged)} damaged"
    )
    if done.damaged:
        raise click.exceptions.Exit(1)
