"""Which round a contest feeds: the next contest of hoithi, or a round run outside it (the national round).

A round feeds a later round of the same kind of contest (school → district → province → national) organised by its
own unit or a unit above it (a school's round feeds its district office's, a district office's the Sở's): so the
next round's organisers never receive nominees from a round they do not oversee. A round outside hoithi is named
with the body that runs it (the Ministry, the Youth Union), and receives the hand-off export
(``services.contests.handoff``). The link is set by the feeding round's staff and no longer changes once a nominee
has moved on; every change is audited.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from ...extensions import DbSession
from ...models import Contest, ContestRound, Nomination, RoundLink, Unit, User
from ...policies.contests import is_staff
from ...timeutil import utcnow
from ..errors import InvalidInput, NotAllowed
from ..proposals import published_texts
from ..records import audit

ROUND_ORDER = [ContestRound.SCHOOL, ContestRound.DISTRICT, ContestRound.PROVINCE, ContestRound.NATIONAL]


def link_of(session: DbSession, contest: Contest) -> RoundLink | None:
    """The round ``contest`` feeds, or None while it names none."""
    return session.get(RoundLink, contest.id)


def feeders(session: DbSession, contest: Contest) -> list[Contest]:
    """The rounds that name ``contest`` as the round they feed, by title."""
    return list(
        session.scalars(
            select(Contest)
            .join(RoundLink, RoundLink.contest_id == Contest.id)
            .where(RoundLink.next_contest_id == contest.id)
            .order_by(Contest.title, Contest.id)
        ).unique()
    )


def may_feed(contest: Contest, target: Contest) -> str | None:
    """Why ``contest`` may not feed ``target`` (a translated message), or None when it may (see the module's
    docstring)."""
    if target.id == contest.id:
        return str(_l("A round cannot feed itself."))
    if target.kind is not contest.kind:
        return str(_l("The next round must be a contest of the same kind."))
    if ROUND_ORDER.index(target.round) <= ROUND_ORDER.index(contest.round):
        return str(_l("The next round must be a later round (school, district, province, national)."))
    above: Unit | None = contest.organiser_unit
    while above is not None and above.id != target.organiser_unit_id:
        above = above.parent
    if above is None:
        return str(_l("The next round must be organised by this round's unit or a unit above it."))
    return None


def _has_moved(session: DbSession, contest: Contest) -> bool:
    return bool(session.scalar(select(exists().where(Nomination.from_contest_id == contest.id))))


def outside_round_words(outside: str, organiser: str) -> str:
    """The round outside hoithi and who runs it, as the sentence Section 8 screens (``published_texts``)."""
    return f"Thí sinh đạt giải được cử tham dự {outside}" + (f", do {organiser} tổ chức." if organiser else ".")


def set_next_round(
    session: DbSession,
    actor: User,
    contest: Contest,
    *,
    next_contest_id: int | None,
    outside_name: str = "",
    outside_organiser: str = "",
) -> RoundLink:
    """Make ``contest`` feed the contest ``next_contest_id``, or (None) the round outside hoithi ``outside_name`` run by
    ``outside_organiser``; audited. Staff of ``contest`` only. Refuses (``InvalidInput``, nothing changed) a contest
    it may not feed (``may_feed``), an unknown one, an outside round without a name or that Section 8 keeps for the Sở
    (run by a business, named after a brand: ``proposals.published_texts``, unless the contest's proposal the Sở
    approved says so), or any change once a nominee has moved on."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    if _has_moved(session, contest):
        raise InvalidInput(_l("Nominees have already moved on: the round this round feeds can no longer change."))
    outside = " ".join(outside_name.split())[:200]
    organiser = " ".join(outside_organiser.split())[:200]
    if next_contest_id is not None:
        target = session.get(Contest, next_contest_id)
        if target is None:
            raise InvalidInput(_l("There is no such contest."), "next_contest")
        refusal = may_feed(contest, target)
        if refusal is not None:
            raise InvalidInput(refusal, "next_contest")
        outside, organiser = "", ""
    elif not outside:
        raise InvalidInput(_l("Choose the next round, or name the round outside hoithi."), "outside_name")
    else:  # joining a business's contest is for the Sở to review (Section 8), as the proposal would have been
        said = outside_round_words(outside, organiser)
        published_texts.check(session, contest, [("outside_name", said)], _l("The round outside hoithi"), by=actor)
    link = link_of(session, contest) or RoundLink(contest_id=contest.id)
    link.next_contest_id = next_contest_id
    link.outside_name = outside or None
    link.outside_organiser = organiser
    link.set_by_id, link.set_at = actor.id, utcnow()
    session.add(link)
    session.flush()
    audit.record(
        session,
        "round.link",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"next_contest": next_contest_id, "outside": outside, "outside_organiser": organiser},
    )
    return link


def candidates(session: DbSession, contest: Contest) -> list[Contest]:
    """The contests ``contest`` may feed (``may_feed``), latest round first, then by title."""
    later = ROUND_ORDER[ROUND_ORDER.index(contest.round) + 1 :]
    rows = session.scalars(
        select(Contest).where(Contest.kind == contest.kind, Contest.round.in_(later), Contest.id != contest.id)
    ).unique()
    fitting = [c for c in rows if may_feed(contest, c) is None]
    return sorted(fitting, key=lambda c: (ROUND_ORDER.index(c.round), c.title, c.id))
