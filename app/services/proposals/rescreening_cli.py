"""``rescreen-published``: re-screen what contests published before the published-text screening existed (or
before the brand list changed), and keep each text that now fails for the Sở's reviewers (``rescreening``)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ...extensions import db
from ...storage import content_store
from .rescreening import rescreen


@click.command("rescreen-published")
@click.option("--contest", "contest_ids", type=int, multiple=True, help="Only this contest (repeatable).")
@with_appcontext
def rescreen_published_command(contest_ids: tuple[int, ...]) -> None:
    """Screen the published texts of every contest (or of each --contest) again; a text that now raises a flag its
    contest's proposal does not carry is put on the Sở reviewers' list. Nothing published is changed."""
    report = rescreen(db.session, None, list(contest_ids) or None, content_store())
    db.session.commit()
    click.echo(f"{report.contests} contests, {report.texts} texts screened")
    click.echo(f"{len(report.kept)} texts now fail and are listed for the Sở's review")
    if report.kept_before:
        click.echo(f"{report.kept_before} texts listed before still fail")
    for attempt in report.kept:
        codes = ", ".join(sorted({str(f.get("code")) for f in attempt.found}))
        where = f"{attempt.object_type} {attempt.object_id}"
        click.echo(f"  contest {attempt.contest_id}: {attempt.what} ({where}): {codes}")
