"""``hoithi rounds``: nominating a round's best into the round it feeds, and withdrawing a nomination, from the
command line (``services.contests.progression`` and ``withdrawal``; docs/rounds.md). The same services as the
rounds page, with the same checks and audit entries; the acting organiser is named by ``--by``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .command_lookups import account_by_login, contest_by_id, refusals
from .extensions import db
from .input_checks import id_in
from .models import AwardLevel, NominationMethod
from .services.contests import progression, withdrawal

rounds_cli = click.Group("rounds", help="Rounds that feed rounds: nominate the best into the next, withdraw.")

OUTSIDE = "outside"  # --to's value for the round outside hoithi


def _choice(
    rank: int | None, quota: int | None, awards: tuple[str, ...], keys: tuple[str, ...], reason: str
) -> progression.Choice:
    """The one way of choosing the options name; a usage error unless exactly one is given."""
    given = [
        progression.Choice(NominationMethod.RANK, count=rank) if rank is not None else None,
        progression.Choice(NominationMethod.UNIT_QUOTA, count=quota) if quota is not None else None,
        progression.Choice(NominationMethod.AWARD, levels=[AwardLevel(a) for a in awards]) if awards else None,
        progression.Choice(NominationMethod.HAND, keys=keys, reason=reason) if keys else None,
    ]
    chosen = [c for c in given if c is not None]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --rank, --quota, --award, --entrant")
    return chosen[0]


@rounds_cli.command("nominate")
@click.argument("contest_id", type=int)
@click.option("--by", "login", required=True, help="The login of the contest's organiser (or an administrator).")
@click.option("--to", "target", required=True, help=f"The id of the round it feeds, or {OUTSIDE!r}.")
@click.option("--rank", type=int, help="The first N of each category.")
@click.option("--quota", type=int, help="The first N of each unit in each category.")
@click.option(
    "--award", "awards", multiple=True, type=click.Choice([a.value for a in AwardLevel]), help="An award level."
)
@click.option("--entrant", "keys", multiple=True, help="By hand: an entrant, e<entry id> or r<registration id>.")
@click.option("--reason", default="", help="Why, when chosen by hand (required then).")
@with_appcontext
def rounds_nominate(
    contest_id: int,
    login: str,
    target: str,
    rank: int | None,
    quota: int | None,
    awards: tuple[str, ...],
    keys: tuple[str, ...],
    reason: str,
) -> None:
    """Nominate entrants of contest CONTEST_ID (results published) into the round it feeds; exit 1 with the reason
    when refused (nothing changed)."""
    target_id = id_in(target)
    if target != OUTSIDE and target_id is None:
        raise click.BadParameter(f"a contest id or {OUTSIDE!r}", param_hint="--to")
    choice = _choice(rank, quota, awards, keys, reason)
    with refusals(login, contest_id):
        made = progression.nominate(
            db.session,
            account_by_login(login),
            contest_by_id(contest_id),
            target_id,
            choice,
        )
    db.session.commit()
    for nomination in made:
        click.echo(f"nomination {nomination.id}: {withdrawal.nominee_label(nomination)} (rank {nomination.rank})")
    click.echo(f"{len(made)} nominees moved on")


@rounds_cli.command("withdraw")
@click.argument("contest_id", type=int)
@click.argument("nomination_id", type=int)
@click.option("--by", "login", required=True, help="The login of the contest's organiser (or an administrator).")
@click.option("--reason", required=True, help="Why the nomination is withdrawn (kept in the audit log).")
@with_appcontext
def rounds_withdraw(contest_id: int, nomination_id: int, login: str, reason: str) -> None:
    """Withdraw nomination NOMINATION_ID of contest CONTEST_ID while the next round has not started and the nominee
    has nothing in it; exit 1 with the reason when refused (nothing changed)."""
    with refusals(login, contest_id):
        who = withdrawal.withdraw(db.session, account_by_login(login), contest_by_id(contest_id), nomination_id, reason)
    db.session.commit()
    click.echo(f"nomination {nomination_id} withdrawn: {who}")
