"""Settling an entry whose judges disagree (see ``services.results.aggregation``): a further judge, or the head judge's
word.

- A further judge is assigned by the head judge or by the contest's organisers: a member of the panel who does not
  already score the entry and has no conflict of interest with it (``services.reviews.conflicts``). The entry's mean
  then includes their sheet.
- The head judge's decision sets the entry's score, between 0 and the rubric's maximum total, with a reason.

A head judge with a conflict of interest with an entry neither sees it on these pages nor settles it: its organisers
assign a further judge.

Both are recorded as a ``Reconciliation`` and in the audit log.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Assignment, AssignmentOrigin, Contest, Entry, Reconciliation, ReconciliationKind, User
from ...policies.contests import is_staff
from ...policies.entries import heads_without_conflict, may_reconcile_entry
from ..errors import InvalidInput, NotAllowed
from ..number_text import for_reader
from ..records import audit
from ..reviews import conflicts, panel
from ..reviews.rubrics import max_total, rubric_for_entry
from .aggregation import Agreement, EntryResult, entry_result

MAX_REASON = 2000


def hidden_from(session: DbSession, actor: User, contest: Contest) -> set[int]:
    """The entries of ``contest`` kept from ``actor`` on the reconciliation pages: none for its organisers, those
    they have a conflict of interest with for its head judge."""
    if is_staff(actor, contest):
        return set()
    return conflicts.conflicted_entry_ids(session, actor, contest.id)


def _needing(session: DbSession, entry: Entry, reason: str) -> EntryResult:
    """The entry's aggregate, if it awaits reconciliation (a disqualified entry never does) and ``reason`` is not too
    long; else InvalidInput."""
    if len(reason.strip()) > MAX_REASON:
        raise InvalidInput(_l("The reason has at most 2,000 characters."), "reason")
    if entry.disqualified_reason is not None:
        raise InvalidInput(_l("This entry is disqualified: there is nothing to reconcile."))
    result = entry_result(session, entry)
    if result.agreement is Agreement.AGREED:
        raise InvalidInput(_l("The judges of this entry agree: there is nothing to reconcile."))
    return result


def further_judge_choices(session: DbSession, entry: Entry) -> list[User]:
    """The panel's judges who could be assigned to ``entry`` as a further judge: of its category or of all
    (``panel.fits``), without a conflict with it (``services.reviews.conflicts``); head judge first, then by name."""
    assigned = set(session.scalars(select(Assignment.judge_id).where(Assignment.entry_id == entry.id)))
    return [
        m.user
        for m in panel.members(session, entry.contest)
        if m.user_id not in assigned
        and panel.fits(m.category_id, entry.category_id)
        and conflicts.conflict_of(session, m.user, entry) is None
    ]


def assign_further_judge(session: DbSession, actor: User, entry: Entry, judge_id: int, reason: str = "") -> Assignment:
    """Assign a further judge to a flagged entry (organisers, or the head judge without a conflict with it);
    audit-logged."""
    if not may_reconcile_entry(session, actor, entry):
        raise NotAllowed()
    panel.refuse_while_published(session, entry.contest)
    result = _needing(session, entry, reason)
    if result.agreement is Agreement.AWAITING_FURTHER:
        raise InvalidInput(_l("A further judge is already scoring this entry."), "judge")
    if judge_id not in {u.id for u in further_judge_choices(session, entry)}:
        raise InvalidInput(
            _l("Choose a judge of the panel who does not already score this entry and has no conflict with it."),
            "judge",
        )
    assignment = Assignment(
        contest_id=entry.contest_id, entry_id=entry.id, judge_id=judge_id, origin=AssignmentOrigin.RECONCILIATION
    )
    session.add(assignment)
    session.add(
        Reconciliation(
            entry_id=entry.id, kind=ReconciliationKind.FURTHER_JUDGE, reason=reason.strip(), decided_by_id=actor.id
        )
    )
    session.flush()
    audit.record(
        session,
        "entry.reconcile.further_judge",
        actor_id=actor.id,
        object_type="entry",
        object_id=entry.id,
        reason=reason.strip(),
        data={"judge_id": judge_id, "totals": [str(t) for t in result.totals.values()]},
    )
    return assignment


def decide(session: DbSession, actor: User, entry: Entry, score: Decimal, reason: str) -> Reconciliation:
    """The head judge sets a flagged entry's score (0 to the rubric's maximum, two places at most), with a reason;
    audit-logged. A head judge with a conflict of interest with the entry may not (NotAllowed)."""
    if not heads_without_conflict(session, actor, entry):
        raise NotAllowed()
    result = _needing(session, entry, reason)
    rubric = rubric_for_entry(session, entry)
    maximum = max_total(rubric) if rubric is not None else Decimal(0)
    if not score.is_finite() or score != score.quantize(Decimal("0.01")):
        raise InvalidInput(_l("Use at most two decimal places."), "score")
    if not Decimal(0) <= score <= maximum:
        raise InvalidInput(_l("The score must be between 0 and %(maximum)s.", maximum=for_reader(maximum)), "score")
    if not reason.strip():
        raise InvalidInput(_l("Give the reason for the decision."), "reason")
    row = Reconciliation(
        entry_id=entry.id,
        kind=ReconciliationKind.HEAD_DECISION,
        score=score,
        reason=reason.strip(),
        decided_by_id=actor.id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "entry.reconcile.head_decision",
        actor_id=actor.id,
        object_type="entry",
        object_id=entry.id,
        reason=reason.strip(),
        data={"score": str(score), "totals": [str(t) for t in result.totals.values()]},
    )
    return row
