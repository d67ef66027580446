"""``screen``: screen a contest proposal (a JSON file) against Section 8 from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import has_app_context
from sqlalchemy.exc import SQLAlchemyError

from .brands import BrandList
from .screening import ProposalText, screen


@click.command("screen")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--brands",
    "brands_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A brand list in YAML instead of the Sở's list in the database.",
)
def screen_command(file: Path, as_json: bool, brands_file: Path | None) -> None:
    """Screen the proposal in FILE.json and print its flags; exits 0 whether or not it is flagged."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise click.ClickException(
            f"{file}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    try:
        proposal = ProposalText.from_json(data)
    except ValueError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    try:
        brands = BrandList.from_yaml(brands_file) if brands_file else _database_list()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    result = screen(proposal, brands)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{proposal.title}")
    click.echo(f"Needs the Sở's review: {'yes' if result.needs_so_review else 'no'}")
    if not result.flags:
        click.echo("No flags.")
    for flag in result.flags:
        click.echo(f"\n{flag.code}: {flag.reason}\n    {flag.evidence}")


def _database_list() -> BrandList | None:
    """The list the web screens with (the Sở's, in the database), or None (the shipped list) outside an app or
    when the database cannot be read yet (before ``hoithi db upgrade``)."""
    if not has_app_context():
        return None
    from ...extensions import db
    from . import brand_list

    try:
        return brand_list.current(db.session)
    except SQLAlchemyError as exc:
        click.echo(
            f"(cannot read the brand list in the database, using the shipped one: {type(exc).__name__})", err=True
        )
        return None
    finally:
        db.session.rollback()
