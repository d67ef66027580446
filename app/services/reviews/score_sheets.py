"""Score sheets: a judge scores an assigned entry criterion by criterion, saves drafts, submits; a head judge may
reopen a submitted sheet (recorded beside the audit log). Sheets are written only once the contest's submission
window has closed, when entries can no longer change (assignment may come earlier, to prepare).

Points are exact decimals: a score is a multiple of its criterion's step in [0, maximum]; a sheet's total is
Σ points × weight to the hundredth, half up, stored when it is submitted. A submitted sheet is locked: nothing on
it changes until reopened. Once the results are published, sheets are closed, but for those the head judge reopens
after publication (``closed_by_results``). A disqualified entry (``services.results.disqualification``) is scored no
more: it leaves its judges' queues but for the sheets they submitted, kept read-only for the record; nothing on its
sheets is saved or reopened until the organisers reinstate it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from ...extensions import DbSession
from ...models import (
    Assignment,
    Contest,
    Criterion,
    CriterionScore,
    Entry,
    ReopenRecord,
    ReviewSettings,
    Role,
    Rubric,
    ScoreSheet,
    SheetStatus,
    User,
)
from ...timeutil import utcnow
from ..entries.entry_window import require_closed
from ..errors import InvalidInput, NotAllowed
from ..number_text import for_reader
from ..records import audit
from ..unique_rows import insert_or_nothing
from . import conflicts, panel
from .rubrics import parse_decimal, rubric_for_entry, to_cent

MAX_COMMENT = 5000

# What a judge typed for one criterion: the points as text (or a Decimal; empty or None for none yet) and a comment.
Typed = tuple[str | Decimal | None, str]


def is_assigned(session: DbSession, judge_id: int, entry_id: int) -> bool:
    """Whether the judge is to score the entry (and so may see it and its files)."""
    return bool(
        session.scalar(select(exists().where(Assignment.entry_id == entry_id, Assignment.judge_id == judge_id)))
    )


def sheet_of(session: DbSession, judge_id: int, entry_id: int, *, lock: bool = False) -> ScoreSheet | None:
    query = select(ScoreSheet).where(ScoreSheet.entry_id == entry_id, ScoreSheet.judge_id == judge_id)
    return session.scalars(query.with_for_update() if lock else query).first()


def _created_or_locked(session: DbSession, judge: User, entry: Entry) -> ScoreSheet:
    """The judge's sheet for the entry, created empty if there is none, locked for this transaction.

    Concurrent first saves of one sheet all get the same row: the unique (entry, judge) pair makes a second insert
    wait for the first one's transaction, then do nothing (PostgreSQL waits on the key, SQLite on its write lock),
    and the row is read after that."""
    row = {"contest_id": entry.contest_id, "entry_id": entry.id, "judge_id": judge.id, "overall_comment": ""}
    insert_or_nothing(session, ScoreSheet, row, ["entry_id", "judge_id"])
    query = select(ScoreSheet).where(ScoreSheet.entry_id == entry.id, ScoreSheet.judge_id == judge.id)
    return session.scalars(query.with_for_update()).one()


CLOSED_BY_RESULTS = _l(
    "The results of this contest have been published: score sheets are closed. If a score must change, ask the "
    "head judge to reopen the sheet."
)


SAVED_ELSEWHERE = _l(
    "This sheet was saved from another tab or device after you opened it. What you typed is below and has not been "
    "saved: save again to replace the saved sheet with it, or open the sheet again to see what was saved."
)


def stamp(sheet: ScoreSheet | None) -> str:
    """What a form carries of the sheet it was filled from (``save``'s ``seen``): when the sheet was last saved, to
    the microsecond; empty while there is none."""
    return sheet.updated_at.isoformat() if sheet is not None else ""


CONFLICTED = _l(
    "You have a conflict of interest with this entry: you may not score it. The organisers will take you off it."
)


DISQUALIFIED = _l("The organisers have disqualified this entry: it is no longer to be scored.")


def closed_by_results(session: DbSession, contest: Contest, sheet: ScoreSheet | None) -> bool:
    """Whether the contest's published results close this sheet (None: the judge has none yet): they do while they
    are published, unless the head judge reopened the sheet since, to correct it before publishing again."""
    settings = session.get(ReviewSettings, contest.id)
    published = settings.results_published_at if settings is not None else None
    if published is None:
        return False
    if sheet is None:
        return True
    reopened = exists().where(ReopenRecord.sheet_id == sheet.id, ReopenRecord.created_at >= published)
    return not session.scalar(select(reopened))


def _refuse_submitted(sheet: ScoreSheet | None) -> None:
    if sheet is not None and sheet.status is SheetStatus.SUBMITTED:
        raise InvalidInput(_l("This score sheet has been submitted and is locked. Ask the head judge to reopen it."))


def opens_at(contest: Contest, now: datetime | None = None) -> datetime | None:
    """When the contest's score sheets open (its submission deadline, UTC) while that is still to come at ``now``;
    None once they are open. Before then a judge may read the sheet, not fill it in (see ``save``)."""
    return contest.submission_closes if (now or utcnow()) < contest.submission_closes else None


@dataclass(frozen=True)
class QueueItem:
    entry: Entry
    status: SheetStatus | None  # None: not started
    opens: datetime | None = None  # the sheet is not open yet: it opens then (UTC)
    closed: bool = False  # not submitted, and closed by the published results (``closed_by_results``)
    conflicted: bool = False  # a conflict of interest found since the assignment: the entry is closed to the judge
    disqualified: bool = False  # the judge's submitted sheet of an entry disqualified since: kept for the record


def reopened_since_publication(session: DbSession, judge: User) -> set[int]:
    """The ids of ``judge``'s sheets that the head judge reopened after their contest's results were published."""
    return set(
        session.scalars(
            select(ReopenRecord.sheet_id)
            .join(ScoreSheet, ScoreSheet.id == ReopenRecord.sheet_id)
            .join(ReviewSettings, ReviewSettings.contest_id == ScoreSheet.contest_id)
            .where(ScoreSheet.judge_id == judge.id, ReopenRecord.created_at >= ReviewSettings.results_published_at)
        )
    )


def queue(session: DbSession, judge: User) -> list[QueueItem]:
    """The entries assigned to ``judge``, by contest then code, with the state of their sheet and, for sheets not
    open yet, when they open; those the published results close, and those the judge has a conflict of interest
    with (``conflicts.conflicted_entry_ids``), are marked so. A disqualified entry is left out, but for a sheet the
    judge submitted, listed for the record and marked ``disqualified``."""
    rows = session.execute(
        select(Entry, ScoreSheet.status, ScoreSheet.id, ReviewSettings.results_published_at)
        .join(Assignment, Assignment.entry_id == Entry.id)
        .outerjoin(ScoreSheet, (ScoreSheet.entry_id == Entry.id) & (ScoreSheet.judge_id == judge.id))
        .outerjoin(ReviewSettings, ReviewSettings.contest_id == Entry.contest_id)
        .where(Assignment.judge_id == judge.id)
        .order_by(Entry.contest_id, Entry.code)
    ).all()
    reopened = reopened_since_publication(session, judge)
    conflicted = {
        entry_id
        for contest_id in {entry.contest_id for entry, *_rest in rows}
        for entry_id in conflicts.conflicted_entry_ids(session, judge, contest_id)
    }
    now = utcnow()
    return [
        QueueItem(
            entry,
            status,
            opens_at(entry.contest, now),
            closed=published is not None and status is not SheetStatus.SUBMITTED and sheet_id not in reopened,
            conflicted=entry.id in conflicted,
            disqualified=entry.disqualified_reason is not None,
        )
        for entry, status, sheet_id, published in rows
        if entry.disqualified_reason is None or status is SheetStatus.SUBMITTED
    ]


def scoring_rubric(session: DbSession, entry: Entry) -> Rubric:
    """The rubric of the entry, refused (InvalidInput) while it has no criteria."""
    rubric = rubric_for_entry(session, entry)
    if rubric is None or not rubric.criteria:
        raise InvalidInput(_l("The organisers have not set the criteria for this entry yet."))
    return rubric


def _points(criterion: Criterion, raw: str | Decimal | None) -> Decimal | None:
    field = f"points_{criterion.id}"
    try:
        value = parse_decimal(raw, field, required=False)
    except InvalidInput as error:
        raise InvalidInput(_l("%(name)s: %(problem)s", name=criterion.name, problem=error.message), field) from None
    if value is None:
        return None
    if not Decimal(0) <= value <= criterion.max_points:
        raise InvalidInput(
            _l(
                "%(name)s: the score must be between 0 and %(max)s.",
                name=criterion.name,
                max=for_reader(criterion.max_points),
            ),
            field,
        )
    if value % criterion.step != 0:
        raise InvalidInput(
            _l("%(name)s: the score goes in steps of %(step)s.", name=criterion.name, step=for_reader(criterion.step)),
            field,
        )
    return value


def _holds(sheet: ScoreSheet | None, rubric: Rubric, typed: Mapping[int, Typed], overall_comment: str) -> bool:
    """Whether ``sheet`` holds exactly what is typed (a page sent twice, a double click): then saving it again
    changes nothing another tab saved."""
    if sheet is None or (overall_comment or "").strip() != sheet.overall_comment:
        return False
    saved = {s.criterion_id: (s.points, s.comment) for s in sheet.scores}
    for criterion in rubric.criteria:
        raw, comment = typed.get(criterion.id, (None, ""))
        try:
            points = parse_decimal(raw, "", required=False)
        except InvalidInput:
            return False
        if saved.get(criterion.id, (None, "")) != (points, (comment or "").strip()):
            return False
    return True


def _comment(text: str, field: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_COMMENT:
        raise InvalidInput(_l("A comment has at most 5,000 characters."), field)
    return text


def save(
    session: DbSession,
    judge: User,
    entry: Entry,
    typed: Mapping[int, Typed],
    overall_comment: str,
    *,
    submit: bool = False,
    seen: str | None = None,
) -> ScoreSheet:
    """Save the judge's sheet for the entry (``typed`` maps criterion ids to what was typed); with ``submit``,
    every criterion must be scored, the total is computed and the sheet locked.

    Refuses, changing nothing: a judge not assigned to the entry, or no longer a judge (NotAllowed); anything
    before the contest's submission deadline (``entries.require_closed``); a submitted sheet; a sheet the published
    results close (``closed_by_results``); a judge with a conflict of interest with the entry (found after they were
    assigned, their submitted sheet since reopened: ``conflicts.conflict_of``); a score that is not a number, out
    of bounds or off the step grid; a missing score on submit; an unknown criterion; with ``seen`` (the sheet's
    ``stamp`` when the form was filled), a sheet saved since from elsewhere (another tab or device:
    ``SAVED_ELSEWHERE``) unless what is typed is what it now holds, so that an old page does not wipe scores saved
    since; a disqualified entry (``DISQUALIFIED``). Concurrent first saves of the sheet make one sheet, each save in
    turn (the last one's scores stay).
    """
    if not judge.has_role(Role.JUDGE) or not is_assigned(session, judge.id, entry.id):
        raise NotAllowed()
    if entry.disqualified_reason is not None:
        raise InvalidInput(DISQUALIFIED)
    require_closed(entry.contest)
    if conflicts.conflict_of(session, judge, entry) is not None:
        raise InvalidInput(CONFLICTED)
    rubric = scoring_rubric(session, entry)
    sheet = sheet_of(session, judge.id, entry.id, lock=True)
    _refuse_submitted(sheet)
    if closed_by_results(session, entry.contest, sheet):
        raise InvalidInput(CLOSED_BY_RESULTS)
    criteria = {c.id: c for c in rubric.criteria}
    if set(typed) - set(criteria):
        raise InvalidInput(_l("The criteria have changed: reload the page and score again."))
    if seen is not None and seen != stamp(sheet) and not _holds(sheet, rubric, typed, overall_comment):
        raise InvalidInput(SAVED_ELSEWHERE)
    values: dict[int, tuple[Decimal | None, str]] = {}
    for criterion in rubric.criteria:
        raw, comment = typed.get(criterion.id, (None, ""))
        values[criterion.id] = (_points(criterion, raw), _comment(comment, f"comment_{criterion.id}"))
    overall = _comment(overall_comment, "overall_comment")
    if submit:
        missing = [c.name for c in rubric.criteria if values[c.id][0] is None]
        if missing:
            raise InvalidInput(
                _l("Score every criterion before submitting. Missing: %(names)s.", names="; ".join(missing))
            )
    if sheet is None:
        sheet = _created_or_locked(session, judge, entry)
        _refuse_submitted(sheet)  # by a concurrent save that came first
    sheet.overall_comment = overall
    sheet.updated_at = utcnow()
    by_criterion = {s.criterion_id: s for s in sheet.scores}
    for criterion_id, (points, comment) in values.items():
        score = by_criterion.get(criterion_id)
        if score is None:
            sheet.scores.append(CriterionScore(criterion_id=criterion_id, points=points, comment=comment))
        else:
            score.points, score.comment = points, comment
    if submit:
        sheet.total = total_of(rubric, {cid: p for cid, (p, _c) in values.items() if p is not None})
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = utcnow()
    session.flush()
    if submit:
        audit.record(
            session,
            "sheet.submit",
            actor_id=judge.id,
            object_type="score_sheet",
            object_id=sheet.id,
            data={"entry": entry.id, "total": str(sheet.total)},
        )
    return sheet


def total_of(rubric: Rubric, points: Mapping[int, Decimal]) -> Decimal:
    """Σ points × weight over the rubric's criteria, to the hundredth half up (``rubrics.to_cent``)."""
    return to_cent(sum((points[c.id] * c.weight for c in rubric.criteria), Decimal(0)))


def reopen(session: DbSession, actor: User, sheet: ScoreSheet, reason: str) -> ReopenRecord:
    """The head judge reopens a submitted sheet for its judge to change, with a reason: recorded in a
    ReopenRecord and the audit log. The total is cleared until the sheet is submitted again. A head judge with a
    conflict of interest with the sheet's entry may not (NotAllowed); nor may anyone reopen a sheet of a disqualified
    entry, kept as it was for the record (InvalidInput)."""
    if not panel.is_head(session, actor, sheet.contest_id) or conflicts.conflict_of(session, actor, sheet.entry):
        raise NotAllowed()
    reason = (reason or "").strip()
    if sheet.entry.disqualified_reason is not None:
        raise InvalidInput(DISQUALIFIED)
    if not reason:
        raise InvalidInput(_l("Give the reason for reopening the sheet."), "reason")
    if len(reason) > 2000:
        raise InvalidInput(_l("The reason has at most 2,000 characters."), "reason")
    locked = sheet_of(session, sheet.judge_id, sheet.entry_id, lock=True)
    if locked is None or locked.status is not SheetStatus.SUBMITTED:
        raise InvalidInput(_l("Only a submitted sheet can be reopened."))
    previous = locked.total
    locked.status = SheetStatus.DRAFT
    locked.total = None
    locked.submitted_at = None
    record = ReopenRecord(sheet_id=locked.id, reopened_by_id=actor.id, reason=reason)
    session.add(record)
    session.flush()
    audit.record(
        session,
        "sheet.reopen",
        actor_id=actor.id,
        object_type="score_sheet",
        object_id=locked.id,
        reason=reason,
        data={"entry": locked.entry_id, "judge": locked.judge_id, "total": str(previous)},
    )
    return record


def reopenings(session: DbSession, sheet: ScoreSheet) -> list[ReopenRecord]:
    """Who reopened the sheet and why, oldest first."""
    return list(
        session.scalars(select(ReopenRecord).where(ReopenRecord.sheet_id == sheet.id).order_by(ReopenRecord.id))
    )


def contest_sheets(session: DbSession, contest: Contest, hidden: set[int] | None = None) -> list[ScoreSheet]:
    """Every sheet of the contest but those of the ``hidden`` entries, by entry code then judge (for the head judge,
    who does not see the entries they have a conflict of interest with, and organisers)."""
    query = select(ScoreSheet).join(Entry, Entry.id == ScoreSheet.entry_id).where(ScoreSheet.contest_id == contest.id)
    if hidden:
        query = query.where(ScoreSheet.entry_id.not_in(hidden))
    return list(session.scalars(query.order_by(Entry.code, ScoreSheet.judge_id)))
