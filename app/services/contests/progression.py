"""Nominating a round's best into the round it feeds, and carrying them over.

- Who: the feeding round's staff nominate, once its results are published (``standings``); the next round's staff
  see who arrived and from where (``arrivals``). The target must be the round this one feeds (``round_links``):
  any other is refused with a message naming both.
- How: by rank (the first N of each category, ties included), by award (the chosen levels), by quota per unit (the
  first N of each unit in each category) or by hand (the chosen entrants, with a reason, which is required).
- What moves: an entry judged by people becomes an entry of the next round (a new code of its kind) with its
  authors, unit, category (the next round's category of the same code), details, supervisor and every version of
  every file, the files by their SHA-256 in the content store, so no byte is copied; the registration of its
  authors, where the round had one, moves with it. A programming board's contestant or team becomes a registration of
  the next round with its members, team name, unit, category and supervisor. For a round outside hoithi nothing is
  created here: the nominees go into the hand-off export (``handoff``).
- Once: an entrant nominated before, or one of whose people is already entered in the next round, is refused, the
  whole batch with it (nothing changes; the message names them). Every move is audited (``round.nominate``).
- Fit: an entrant whose category the next round lacks, or one of whose pupils is of a grade the next round's
  category does not take (``grade_rules``, as registering there checks), is refused the same way, every such pupil
  named with their class (``next_round_fit``), all checked before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...extensions import DbSession
from ...models import (
    AwardLevel,
    Category,
    Contest,
    Entry,
    EntryAuthor,
    EntryFile,
    Nomination,
    NominationMethod,
    Registration,
    RegistrationMember,
    User,
)
from ...policies.contests import is_staff
from ..entries.entering import next_code
from ..errors import InvalidInput, NotAllowed
from ..proposals import refused_attempts
from ..records import audit
from . import next_round_fit, round_links
from .standings import Standing, changed_since_publication, published, standings

MAX_REASON = 2000


@dataclass(frozen=True)
class Choice:
    """What the organiser asked for: a method and its parameter (``count`` for rank and unit quota, ``levels`` for
    award, ``keys`` (``Standing.key``) and ``reason`` by hand)."""

    method: NominationMethod
    count: int = 0
    levels: Collection[AwardLevel] = ()
    keys: Collection[str] = ()
    reason: str = ""


def choose(rows: list[Standing], choice: Choice) -> list[Standing]:
    """The standings ``choice`` picks out of ``rows`` (each category's rows best first), in their order."""
    if choice.method is NominationMethod.AWARD:
        return [r for r in rows if r.award is not None and r.award in choice.levels]
    if choice.method is NominationMethod.HAND:
        return [r for r in rows if r.key in choice.keys]
    if choice.method is NominationMethod.RANK:
        return [r for r in rows if r.rank is not None and r.rank <= choice.count]
    taken: dict[tuple[str, int], int] = defaultdict(int)
    picked = []
    for row in rows:
        slot = (row.category_code, row.unit.id)
        if row.rank is not None and taken[slot] < choice.count:
            taken[slot] += 1
            picked.append(row)
    return picked


def _check_choice(choice: Choice) -> None:
    if choice.method in (NominationMethod.RANK, NominationMethod.UNIT_QUOTA) and not 1 <= choice.count <= 1000:
        raise InvalidInput(_l("Give a number between 1 and 1000."), "count")
    if choice.method is NominationMethod.AWARD and not choice.levels:
        raise InvalidInput(_l("Choose at least one award."), "levels")
    if choice.method is NominationMethod.HAND:
        if not choice.keys:
            raise InvalidInput(_l("Choose at least one entrant."), "keys")
        if not choice.reason.strip():
            raise InvalidInput(_l("Give the reason for choosing them by hand."), "reason")
        if len(choice.reason) > MAX_REASON:
            raise InvalidInput(_l("The reason is too long (at most %(n)d characters).", n=MAX_REASON), "reason")


def _carry_registration(
    session: DbSession, actor: User, origin: Registration, target: Contest, category: Category | None
) -> Registration:
    carried = Registration(
        contest_id=target.id,
        category_id=category.id if category else None,
        team_name=origin.team_name,
        unit_id=origin.unit_id,
        supervisor_id=origin.supervisor_id,
        registered_by_id=actor.id,
        members=[RegistrationMember(contest_id=target.id, user_id=m.user_id) for m in origin.members],
    )
    session.add(carried)
    session.flush()
    return carried


def _carry_entry(session: DbSession, actor: User, origin: Entry, target: Contest, category: Category | None) -> Entry:
    carried = Entry(
        contest_id=target.id,
        category_id=category.id if category else None,
        code=next_code(session, target),
        unit_id=origin.unit_id,
        title=origin.title,
        subject=origin.subject,
        level=origin.level,
        field=origin.field,
        description=origin.description,
        licence=origin.licence,
        supervisor_id=origin.supervisor_id,
        created_by_id=origin.created_by_id,
        authors=[EntryAuthor(contest_id=target.id, user_id=a.user_id, position=a.position) for a in origin.authors],
    )
    # every version, by reference: the store keeps each blob once, under its hash
    carried.files = [
        EntryFile(
            kind=f.kind,
            sha256=f.sha256,
            size=f.size,
            original_name=f.original_name,
            launch=f.launch,
            launch_query=f.launch_query,
            uploaded_by_id=f.uploaded_by_id,
            uploaded_at=f.uploaded_at,
            superseded_at=f.superseded_at,
            judge_sha256=f.judge_sha256,
            judge_size=f.judge_size,
            judge_notes=f.judge_notes,
        )
        for f in origin.files
    ]
    session.add(carried)
    session.flush()  # the next entry's code counts this one
    return carried


def _target(session: DbSession, contest: Contest, target_id: int | None) -> Contest | None:
    """The contest ``target_id`` (None: the round outside hoithi), checked against the round ``contest`` feeds."""
    link = round_links.link_of(session, contest)
    if link is None:
        raise InvalidInput(_l("This round does not name the round it feeds yet."))
    if target_id is None and link.next_contest_id is None:
        return None
    if target_id != link.next_contest_id:
        named = session.get(Contest, target_id) if target_id is not None else None
        feeds = link.next_contest.title if link.next_contest is not None else link.outside_name
        raise InvalidInput(
            _l(
                "%(contest)s does not feed %(target)s: it feeds %(feeds)s.",
                contest=contest.title,
                target=named.title if named is not None else _l("a round outside hoithi"),
                feeds=feeds,
            )
        )
    return link.next_contest


def nominate(
    session: DbSession, actor: User, contest: Contest, target_id: int | None, choice: Choice
) -> list[Nomination]:
    """Nominate the entrants ``choice`` picks from ``contest``'s published standings into the round it feeds
    (``target_id``, None for a round outside hoithi) and carry them over (see the module's docstring); staff of
    ``contest`` only. Refuses (``InvalidInput``, nothing written) before the results are published or while they no
    longer stand as published (``standings.changed_since_publication``), a target that is not the round ``contest``
    feeds or whose proposal the Sở has not approved, a choice that picks nobody, any nominee moved before or
    already entered, and any that does not fit the next round's categories (``next_round_fit.plan``)."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    if not published(session, contest):
        raise InvalidInput(_l("Nominees are chosen once the results are published."))
    if changed_since_publication(session, contest):
        raise InvalidInput(
            _l(
                "The results have changed since they were published (a sheet reopened, a rejudge): publish them "
                "again, then choose the nominees."
            )
        )
    target = _target(session, contest, target_id)
    if target is not None and (target.proposal is None or not target.proposal.approved):
        # Moving on registers them there: no way into a contest before the Sở approves it (Section 8).
        refused_attempts.note_unapproved(session, actor, target, _l("Moving nominees into the contest"))
        raise InvalidInput(
            _l(
                "The Sở has not approved the proposal of %(target)s: nominees move on once it has.",
                target=target.title,
            )
        )
    _check_choice(choice)
    picked = choose(standings(session, contest), choice)
    if not picked:
        raise InvalidInput(_l("Nobody matches this choice."))
    moved = {
        (n.entry_id, n.registration_id)
        for n in session.scalars(select(Nomination).where(Nomination.from_contest_id == contest.id))
    }
    again = [
        s for s in picked if (s.entry.id if s.entry else None, s.registration.id if s.registration else None) in moved
    ]
    if again:
        raise InvalidInput(_l("Already nominated, each moves on once: %(who)s.", who="; ".join(s.label for s in again)))
    # every check before the first write: a batch moves whole or not at all
    moves = next_round_fit.plan(session, target, picked) if target is not None else [None] * len(picked)
    try:
        made = [
            _move(session, actor, contest, target, standing, choice, move)
            for standing, move in zip(picked, moves, strict=True)
        ]
        session.flush()
    except IntegrityError:  # another organiser nominated the same entrant meanwhile
        session.rollback()
        raise InvalidInput(_l("Someone has just nominated some of them; look again.")) from None
    for nomination in made:
        audit.record(
            session,
            "round.nominate",
            actor_id=actor.id,
            object_type="contest",
            object_id=contest.id,
            reason=nomination.reason,
            data=audit_data(nomination),
        )
    return made


def audit_data(nomination: Nomination) -> dict[str, object]:
    """What the audit log keeps of ``nomination`` when it is made or withdrawn: enough to see, and undo by hand, what
    it moved where."""
    return {
        "to": nomination.to_contest_id,
        "entry": nomination.entry_id,
        "registration": nomination.registration_id,
        "carried_entry": nomination.carried_entry_id,
        "carried_registration": nomination.carried_registration_id,
        "method": nomination.method.value,
        "rank": nomination.rank,
        "award": nomination.award.value if nomination.award else None,
    }


def _move(
    session: DbSession,
    actor: User,
    contest: Contest,
    target: Contest | None,
    standing: Standing,
    choice: Choice,
    move: next_round_fit.Move | None,
) -> Nomination:
    nomination = Nomination(
        from_contest_id=contest.id,
        to_contest_id=target.id if target is not None else None,
        entry_id=standing.entry.id if standing.entry else None,
        registration_id=standing.registration.id if standing.registration else None,
        method=choice.method,
        reason=choice.reason.strip() if choice.method is NominationMethod.HAND else "",
        category_code=standing.category_code,
        rank=standing.rank,
        score=standing.score,
        award=standing.award,
        nominated_by_id=actor.id,
    )
    if target is not None and move is not None:
        if move.registration is not None:
            carried = _carry_registration(session, actor, move.registration, target, move.registration_category)
            nomination.carried_registration_id = carried.id
        if standing.entry is not None:
            nomination.carried_entry_id = _carry_entry(session, actor, standing.entry, target, move.entry_category).id
    session.add(nomination)
    return nomination


def nominations_from(session: DbSession, contest: Contest) -> list[Nomination]:
    """Everyone ``contest`` has nominated, in the order they were nominated."""
    return list(
        session.scalars(
            select(Nomination).where(Nomination.from_contest_id == contest.id).order_by(Nomination.id)
        ).unique()
    )


def arrivals(session: DbSession, contest: Contest) -> list[Nomination]:
    """Everyone nominated into ``contest``, by the round they came from, then category and rank."""
    rows = session.scalars(select(Nomination).where(Nomination.to_contest_id == contest.id)).unique()
    return sorted(rows, key=lambda n: (n.from_contest.title, n.from_contest_id, n.category_code, n.rank or 0, n.id))
