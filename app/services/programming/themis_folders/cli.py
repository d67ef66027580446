"""``hoithi themis import|export``: Themis contest folders in and out of a programming contest."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from ....extensions import db
from ....models import Contest
from ....queue import judge_queue
from ....timeutil import to_utc
from ...contests.contest_kinds import is_programming
from .exporting import folder_zip, results_workbook
from .importing import FolderRefused, import_listing, queue_imported
from .reading import read_directory, read_zip

themis_cli = click.Group("themis", help="Themis contest folders: import them into a programming contest, export it.")


def _contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None or not is_programming(contest):
        raise click.ClickException(f"no programming contest has the id {contest_id}")
    return contest


@themis_cli.command("import")
@click.argument("contest_id", type=int)
@click.argument("folder", type=click.Path(exists=True, path_type=Path))
@with_appcontext
def themis_import(contest_id: int, folder: Path) -> None:
    """Import the Themis contest FOLDER (a folder, or a .zip of one) into contest CONTEST_ID and queue every source
    for judging; nothing is imported when anything is wrong, and every problem is listed."""
    contest = _contest(contest_id)
    if folder.is_dir():
        listing = read_directory(folder)
    else:
        with folder.open("rb") as f:
            listing = read_zip(f)
    try:
        imported = import_listing(db.session, None, contest, listing)
    except FolderRefused as refused:
        db.session.rollback()
        for problem in refused.problems:
            click.echo(problem, err=True)
        raise click.ClickException(str(refused.message)) from None
    db.session.commit()
    queued = queue_imported(judge_queue(), imported.submission_ids)
    click.echo(
        f"{len(imported.submission_ids)} submissions imported into contest {contest.id}; {queued} queued for judging"
        f" now; {imported.unchanged} files imported before left alone"
    )


@themis_cli.command("export")
@click.argument("contest_id", type=int)
@click.argument("out", type=click.Path(path_type=Path))
@with_appcontext
def themis_export(contest_id: int, out: Path) -> None:
    """Export contest CONTEST_ID to OUT: OUT.xlsx, the results sheet; OUT.zip, the contest folder zipped; any
    other name, the contest folder itself (a new or empty folder)."""
    contest = _contest(contest_id)
    suffix = out.suffix.casefold()
    if suffix == ".xlsx":
        out.write_bytes(results_workbook(db.session, contest))
    elif suffix == ".zip":
        out.write_bytes(folder_zip(db.session, contest))
    else:
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise click.ClickException(f"{out} exists and is not an empty folder")
        with zipfile.ZipFile(io.BytesIO(folder_zip(db.session, contest))) as zf:
            zf.extractall(out)
            for info in zf.infolist():  # each file keeps its submission's time, as the zip does
                at = to_utc(datetime(*info.date_time)).replace(tzinfo=UTC).timestamp()
                os.utime(out / info.filename, (at, at))
    click.echo(f"contest {contest.id} exported to {out}")
