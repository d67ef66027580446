"""Publishing a contest's results: the awards are computed from the ranking and stored, each with a certificate code.

Publishing is refused before the contest's submission deadline (entries could still change), and while any entry is
unsettled (flagged for reconciliation, or waiting for a further judge), has sheets missing, or has a sheet counted
from a judge who has a conflict of interest with it (``aggregation.EntryResult.conflicted``); the message lists them.
Publishing again recomputes the awards: an entry that keeps its award level keeps its certificate code and the day it
was issued (``Award.created_at``, printed on the certificate); one whose level changed gets a new code, issued now
(its old certificate no longer verifies). Entries scored by fewer judges than the contest asks for because a judge
was taken off them (``short_panels``) are named, and published only once the organiser confirms (``confirm_short``).
The organisers may withdraw published results, with a reason (``withdraw``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import DbSession
from ...models import Award, AwardLevel, Category, Contest, Entry, Nomination, ReviewSettings, User
from ...policies.contests import is_staff
from ...timeutil import utcnow
from ..entries.entry_window import require_closed
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from . import awards, short_panels
from .aggregation import Agreement, CategoryResults
from .ranking import ranked_results


def blockers(groups: list[CategoryResults]) -> list[str]:
    """Why results cannot be published yet: one line per entry that is unsettled or has sheets missing (unless the
    head judge decided its score), and per judge whose sheet counts for an entry they have a conflict of interest
    with. A disqualified entry holds nothing back: its score counts for nothing."""
    lines = []
    for group in groups:
        for result in group.entries:
            if result.disqualified:
                continue
            code = result.entry.code
            for name in result.conflicted:
                lines.append(
                    str(
                        _l(
                            "%(code)s: %(name)s has a conflict of interest with it and their submitted sheet "
                            "still counts (the head judge reopens it, the organisers take the judge off)",
                            code=code,
                            name=name,
                        )
                    )
                )
            if result.agreement.unsettled:
                lines.append(str(_l("%(code)s: waiting for reconciliation", code=code)))
            if result.missing and result.agreement is not Agreement.HEAD_DECIDED:  # the head's word is final
                lines.append(
                    str(
                        _l(
                            "%(code)s: %(submitted)s of %(expected)s sheets submitted",
                            code=code,
                            submitted=result.submitted,
                            expected=max(result.assigned, 1),
                        )
                    )
                )
    return lines


def published_at(session: DbSession, contest: Contest) -> datetime | None:
    """When the results were last published (UTC), or None while they are not."""
    settings = session.get(ReviewSettings, contest.id)
    return settings.results_published_at if settings is not None else None


def published_levels(session: DbSession, contest: Contest) -> dict[int, AwardLevel]:
    """The award level of each entry (by id) as last published; empty while nothing is."""
    return {a.entry_id: a.level for a in session.scalars(select(Award).where(Award.contest_id == contest.id))}


def planned_awards(session: DbSession, contest: Contest, groups: list[CategoryResults]) -> dict[int, AwardLevel]:
    """The award each entry would receive now (entry id to level), from the ranked ``groups`` and the rules."""
    rules = awards.contest_rules(session, contest)
    planned: dict[int, AwardLevel] = {}
    for group in groups:
        planned.update(
            awards.compute(group.entries, awards.rules_for(rules, group.category.id if group.category else None))
        )
    return planned


def _new_code(contest: Contest) -> str:
    return f"{contest.id}-{secrets.token_hex(5).upper()}"


def publish(session: DbSession, actor: User, contest: Contest, *, confirm_short: bool = False) -> list[Award]:
    """Compute and store the awards and mark the results published (organisers of the contest only); audit-logged,
    with the entries published short of judges. Raises InvalidInput, changing nothing, before the contest's
    submission deadline, listing the entries that hold publication back, or (field ``confirm_short``) naming the
    entries scored by fewer judges than the contest asks for unless ``confirm_short``."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    require_closed(contest)
    groups = ranked_results(session, contest)
    waiting = blockers(groups)
    if waiting:
        raise InvalidInput(_l("The results cannot be published yet: %(entries)s.", entries="; ".join(waiting)))
    short = short_panels.short_entries(session, contest, groups)
    if short and not confirm_short:
        raise InvalidInput(
            _l(
                "These entries were scored by fewer judges than the contest asks for, because a judge was taken off "
                "them: %(entries)s. Assign another judge, or tick the confirmation to publish them as they are.",
                entries=", ".join(f"{s.code} ({s.judged}/{s.required})" for s in short),
            ),
            "confirm_short",
        )
    planned = planned_awards(session, contest, groups)
    results = {r.entry.id: r for g in groups for r in g.entries}
    existing = {a.entry_id: a for a in session.scalars(select(Award).where(Award.contest_id == contest.id))}
    for entry_id, withdrawn in existing.items():
        if entry_id not in planned:
            session.delete(withdrawn)
    stored = []
    for entry_id, level in planned.items():
        result = results[entry_id]
        assert result.rank is not None and result.score is not None, "awards go only to ranked, scored entries"
        award = existing.get(entry_id)
        if award is None:
            award = Award(contest_id=contest.id, entry_id=entry_id, level=level, certificate_code=_new_code(contest))
            session.add(award)
        elif award.level is not level:  # a new certificate, issued now
            award.level, award.certificate_code, award.created_at = level, _new_code(contest), utcnow()
        award.rank, award.score = result.rank, result.score
        stored.append(award)
    settings = session.get(ReviewSettings, contest.id)
    if settings is None:
        settings = ReviewSettings(contest_id=contest.id)
        session.add(settings)
    again = settings.results_published_at is not None
    settings.results_published_at = utcnow()
    session.flush()
    audit.record(
        session,
        "results.republish" if again else "results.publish",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"awards": {str(a.entry_id): a.level.value for a in stored}, "short_judged": [s.code for s in short]},
    )
    return stored


MAX_REASON = 2000


def withdraw(session: DbSession, actor: User, contest: Contest, reason: str) -> None:
    """Take the published results back (organisers of the contest only), with a reason; audit-logged. The public
    page and the certificates show nothing until the results are published again; the awards are kept, so that one
    that stands then keeps its certificate's code and date. Raises InvalidInput, changing nothing, for results not
    published, without a reason, and while entries nominated from these results are in the next round (their
    nominations are withdrawn first: ``contests.withdrawal``)."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_l("Give the reason for withdrawing the results."), "reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(_l("The reason has at most 2,000 characters."), "reason")
    settings = session.get(ReviewSettings, contest.id)
    if settings is None or settings.results_published_at is None:
        raise InvalidInput(_l("The results are not published: there is nothing to withdraw."))
    nominated = list(
        session.scalars(
            select(Entry.code)
            .join(Nomination, Nomination.entry_id == Entry.id)
            .where(Nomination.from_contest_id == contest.id)
            .order_by(Entry.code)
        )
    )
    if nominated:
        raise InvalidInput(
            _l(
                "These entries have moved on to the next round from the published results: %(codes)s. Withdraw their "
                "nominations first (Rounds and nominees), then the results.",
                codes=", ".join(nominated),
            )
        )
    withdrawn = settings.results_published_at
    settings.results_published_at = None
    session.flush()
    audit.record(
        session,
        "results.withdraw",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        reason=reason,
        data={"published_at": withdrawn.isoformat()},
    )


def changed_since_publication(session: DbSession, contest: Contest) -> bool:
    """Whether the results no longer stand as published: an entry is unsettled or has sheets missing (a sheet
    reopened, say), or the ranking would now give an award otherwise (another level, rank or score, or to another
    entry). False while nothing is published."""
    if published_at(session, contest) is None:
        return False
    groups = ranked_results(session, contest)
    if blockers(groups):
        return True
    results = {r.entry.id: r for g in groups for r in g.entries}
    now = {
        e: (level, results[e].rank, results[e].score) for e, level in planned_awards(session, contest, groups).items()
    }
    stored = {
        a.entry_id: (a.level, a.rank, a.score)
        for a in session.scalars(select(Award).where(Award.contest_id == contest.id))
    }
    return now != stored


@dataclass(frozen=True)
class PublishedCategory:
    category: Category | None
    awards: list[Award]


def published_awards(session: DbSession, contest: Contest) -> list[PublishedCategory]:
    """The stored awards of ``contest`` by category (the contest's order; no category last), each by level then
    rank then entry code."""
    rows = list(
        session.scalars(
            select(Award)
            .where(Award.contest_id == contest.id)
            .options(
                selectinload(Award.entry).selectinload(Entry.authors),
                selectinload(Award.entry).selectinload(Entry.unit),
            )
        )
    )
    rows.sort(key=lambda a: (awards.LEVELS.index(a.level), a.rank, a.entry.code))
    groups = [PublishedCategory(c, [a for a in rows if a.entry.category_id == c.id]) for c in contest.categories]
    known = {c.id for c in contest.categories}
    groups.append(PublishedCategory(None, [a for a in rows if a.entry.category_id not in known]))
    return [g for g in groups if g.awards]
