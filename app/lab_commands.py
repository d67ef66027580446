"""``hoithi lab``: lab rounds offline from the command line (services.programming.lab; docs/lab-rounds.md).

At the province: ``export`` a contest to a lab package with its cards and room lists, later ``import-results`` of
the bundle the lab sends back; ``packages`` lists what was issued, and ``withdraw`` takes back a package whose
results have not come in (lost, say), freeing its contestants for a new one. In the lab: ``import`` the package,
and once the round is over ``results``.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from .command_lookups import account_by_login, contest_by_id, refusals
from .extensions import db
from .models import Unit
from .services.programming.lab import bundle_import, cards, lab_setup, package, results, withdrawal
from .storage import content_store
from .timeutil import format_datetime

lab_cli = click.Group("lab", help="Lab rounds offline: lab packages out, signed results bundles back.")


@lab_cli.command("export")
@click.argument("contest_id", type=int)
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--by", "login", required=True, help="The login of the contest's organiser (or an administrator).")
@click.option("--unit", "unit_code", help="Only the contestants of this unit (by code) and of the units under it.")
@click.option(
    "--seats-per-room", type=click.IntRange(1, 500), default=package.DEFAULT_SEATS_PER_ROOM, show_default=True
)
@with_appcontext
def lab_export(contest_id: int, out_dir: Path, login: str, unit_code: str | None, seats_per_room: int) -> None:
    """Export contest CONTEST_ID to a lab package in OUT_DIR, with the contestants' cards and the room lists (PDF)."""
    unit = db.session.scalar(select(Unit).where(Unit.code == unit_code)) if unit_code else None
    if unit_code and unit is None:
        raise click.ClickException(f"no unit {unit_code!r}")
    target = out_dir / f"lab-package-{contest_id}.zip"
    card_file, room_file = out_dir / f"cards-{contest_id}.pdf", out_dir / f"rooms-{contest_id}.pdf"
    if held := [p.name for p in (target, card_file, room_file) if p.exists()]:
        # another lab's package or cards, perhaps already handed out: never written over
        raise click.ClickException(f"{out_dir} already holds {', '.join(held)}: give each lab package its own folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    # written aside and moved into place once recorded: a refused export (another one at the same moment, say)
    # leaves whatever ``target`` held alone
    part = out_dir / f".lab-package-{contest_id}-{secrets.token_hex(4)}.part"
    try:
        with refusals(login, contest_id, output=part):
            issued = package.export_package(
                db.session,
                content_store(),
                account_by_login(login),
                contest_by_id(contest_id),
                part,
                seats_per_room=seats_per_room,
                unit=unit,
            )
        card_file.write_bytes(cards.render_cards(issued.cards, issued.contest_title))
        room_file.write_bytes(cards.render_rooms(issued.cards, issued.contest_title))
        db.session.commit()
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    click.echo(f"lab package {issued.package.package_id}: {target} (sha256 {issued.package.package_sha256})")
    click.echo(f"{len(issued.cards)} cards: {card_file}; room lists: {room_file}")
    click.echo("The cards hold the only copy of the passwords: print them, then delete the file.")


@lab_cli.command("import")
@click.argument("lab_package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def lab_import(lab_package: Path) -> None:
    """Set up the lab round of LAB_PACKAGE on this hoithi (in the lab): contest, problems, contestants."""
    with refusals():
        contest = lab_setup.import_package(db.session, content_store(), lab_package)
    db.session.commit()
    click.echo(f"contest {contest.id} {contest.title!r} set up from the lab package")


@lab_cli.command("results")
@click.argument("contest_id", type=int)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def lab_results(contest_id: int, out: Path) -> None:
    """Write the signed results bundle of the lab round CONTEST_ID to OUT (in the lab, after the round)."""
    with refusals(output=out):
        bundle = results.export_results(db.session, contest_by_id(contest_id), out)
    click.echo(f"{bundle.submissions} submissions: {out}")
    click.echo(f"fingerprint {bundle.fingerprint} (write it into the round's minutes)")


@lab_cli.command("import-results")
@click.argument("contest_id", type=int)
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "login", required=True, help="The login of the contest's organiser (or an administrator).")
@with_appcontext
def lab_import_results(contest_id: int, bundle: Path, login: str) -> None:
    """Check the results BUNDLE of a lab round and import it into contest CONTEST_ID; exit 1 naming every problem
    (nothing imported)."""
    with refusals(login, contest_id):
        imported = bundle_import.import_results(db.session, account_by_login(login), contest_by_id(contest_id), bundle)
    db.session.commit()
    click.echo(f"{imported.submissions} submissions imported; fingerprint {imported.fingerprint}")


@lab_cli.command("packages")
@click.argument("contest_id", type=int)
@with_appcontext
def lab_packages(contest_id: int) -> None:
    """List the lab packages issued for contest CONTEST_ID, newest first: id, when issued, contestants, state."""
    for issued in package.issued_packages(db.session, contest_by_id(contest_id)):
        if issued.withdrawn_at is not None:
            state = f"withdrawn {format_datetime(issued.withdrawn_at)}: {issued.withdrawal_reason}"
        elif issued.results_imported_at is not None:
            state = f"results imported {format_datetime(issued.results_imported_at)}"
        else:
            state = "issued"
        click.echo(
            f"{issued.package_id}  {format_datetime(issued.issued_at)}  {len(issued.logins)} contestants  {state}"
        )


@lab_cli.command("withdraw")
@click.argument("contest_id", type=int)
@click.argument("package_id")
@click.option("--by", "login", required=True, help="The login of the contest's organiser (or an administrator).")
@click.option("--reason", required=True, help="Why the package is withdrawn (kept in the audit log).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def lab_withdraw(contest_id: int, package_id: str, login: str, reason: str, yes: bool) -> None:
    """Withdraw lab package PACKAGE_ID of contest CONTEST_ID before its results came in: its contestants may go into
    a new package, and its results bundle will be refused."""
    if not yes:
        click.confirm(f"Withdraw lab package {package_id}? Its results bundle will be refused for good.", abort=True)
    with refusals(login, contest_id):
        withdrawn = withdrawal.withdraw_package(
            db.session, account_by_login(login), contest_by_id(contest_id), package_id, reason
        )
    db.session.commit()
    click.echo(f"lab package {withdrawn.package_id} withdrawn: its contestants may go into a new package")
