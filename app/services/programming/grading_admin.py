"""Running a programming contest's judging: its settings, rejudging submissions and publishing results (what the judge
is doing: ``judge_activity``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from rq import Queue
from sqlalchemy import Select, func, or_, select, update

from sandbox.languages import LANGUAGES

from ...extensions import DbSession
from ...models import (
    Contest,
    ContestProblem,
    Submission,
    SubmissionStatus,
    User,
)
from ...timeutil import format_datetime, utcnow
from ..errors import InvalidInput
from ..quizzes import quiz_settings
from ..quizzes import sheets as quiz_sheets
from ..records import audit
from . import awards, extra_time, grading, live_status
from .judging_settings import MAX_TIME_MULTIPLIER, SettingsChange, settings_for


@dataclass(frozen=True)
class WindowEffect:
    """What moving the submission window does to the contest's submissions: ``total`` exist, ``dropped`` count
    on the scoreboard now and would not (they were made outside the new window: 0 there), ``restored`` do not
    count now and would."""

    total: int
    dropped: int
    restored: int


def window_effect(session: DbSession, contest: Contest, opens: datetime, closes: datetime) -> WindowEffect:
    """How many of the contest's submissions the window ``[opens, closes)`` would drop from or bring back to the
    scoreboard, compared with the window the contest has now (each entrant's extra time counted both ways)."""
    inside_now = extra_time.counted_window(contest)  # the entrants' extra time counted, now and after
    inside_new = extra_time.counted_window(contest, opens, closes)
    query = contest_submissions(contest).with_only_columns(
        func.count(),
        func.count().filter(inside_now & ~inside_new),
        func.count().filter(~inside_now & inside_new),
    )
    total, dropped, restored = session.execute(query).one()
    return WindowEffect(total, dropped, restored)


def _check_window(session: DbSession, contest: Contest, change: SettingsChange) -> None:
    """InvalidInput when the window moves while the results are published (like extra time, a later closing would
    let entrants submit again under the published board and its fixed awards, an earlier one drop submissions
    from it); and (on ``confirm_window``) saying what the new window does to the scores, when it moves while
    submissions exist and the organiser has not confirmed."""
    if (change.submission_opens, change.submission_closes) == (contest.submission_opens, contest.submission_closes):
        return
    if settings_for(session, contest).results_published:
        raise InvalidInput(
            _l(
                "The results are published: withdraw them before changing the submission window, then publish them "
                "again."
            ),
            "submission_closes",
        )
    effect = window_effect(session, contest, change.submission_opens, change.submission_closes)
    if effect.total == 0 or change.confirm_window:
        return
    raise InvalidInput(
        _l(
            "The contest already has %(total)d submissions. With the new window, %(dropped)d of them fall outside it "
            "and no longer count on the scoreboard (they score 0 there), and %(restored)d made outside the present "
            "window count again. Their own results do not change. Tick the confirmation and save again to change "
            "the window.",
            total=effect.total,
            dropped=effect.dropped,
            restored=effect.restored,
        ),
        "confirm_window",
    )


def _check_scoring(session: DbSession, contest: Contest, change: SettingsChange) -> None:
    """InvalidInput when the scoring (the mode, best per subtask) changes while the results are published: like a
    rejudge, it would change the published final board under the awards fixed from it."""
    settings = settings_for(session, contest)
    if not settings.results_published:
        return
    if (change.scoreboard_mode, change.best_per_subtask) != (settings.scoreboard_mode, settings.best_per_subtask):
        raise InvalidInput(
            _l(
                "The results are published: withdraw them before changing how the scoreboard scores, then publish "
                "them again."
            ),
            "scoreboard_mode",
        )


def _time_multipliers(requested: dict[str, float], languages: list[str]) -> dict[str, float]:
    """The multipliers to store (those other than 1, all of accepted languages); InvalidInput for one that is not
    more than 0 and at most ``MAX_TIME_MULTIPLIER``, or other than 1 for a language the contest does not accept."""
    kept: dict[str, float] = {}
    for key, value in requested.items():
        name = LANGUAGES[key].name if key in LANGUAGES else key
        if not (math.isfinite(value) and 0 < value <= MAX_TIME_MULTIPLIER):
            raise InvalidInput(
                _l(
                    "The time limit multiplier of %(language)s must be a number more than 0 and at most %(max)d.",
                    language=name,
                    max=MAX_TIME_MULTIPLIER,
                ),
                "time_multipliers",
            )
        if value == 1:
            continue
        if key not in languages:
            raise InvalidInput(
                _l(
                    "%(language)s is not one of the contest's languages: leave its time limit multiplier at 1.",
                    language=name,
                ),
                "time_multipliers",
            )
        kept[key] = value
    return kept


def update_settings(session: DbSession, actor: User, contest: Contest, change: SettingsChange) -> None:
    """Store the contest's judging settings and submission window; InvalidInput (changing nothing) for an
    empty or unknown language list, a window that closes before it opens, a negative freeze, a bad time limit
    multiplier (see ``_time_multipliers``), or the scoring changed or the window moved while the results are
    published (``_check_scoring``, ``_check_window``)."""
    languages = [key for key in LANGUAGES if key in change.languages]
    if not languages or len(languages) != len(set(change.languages)):
        raise InvalidInput(_l("Choose at least one of the judge's languages."), "languages")
    multipliers = _time_multipliers(change.time_multipliers, languages)
    if change.submission_opens >= change.submission_closes:
        raise InvalidInput(_l("Submission must open before it closes."), "submission_closes")
    if change.freeze_minutes < 0:
        raise InvalidInput(_l("The freeze cannot be negative."), "freeze_minutes")
    _check_scoring(session, contest, change)
    _check_window(session, contest, change)
    settings = settings_for(session, contest)
    session.add(settings)
    settings.scoreboard_mode = change.scoreboard_mode
    settings.best_per_subtask = change.best_per_subtask
    settings.freeze_minutes = change.freeze_minutes
    settings.scoreboard_public = change.scoreboard_public
    settings.problems_after_end = change.problems_after_end
    settings.feedback_during = change.feedback_during
    settings.feedback_after = change.feedback_after
    settings.languages = ",".join(languages)
    settings.time_multipliers = multipliers
    contest.submission_opens = change.submission_opens
    contest.submission_closes = change.submission_closes
    audit.record(
        session,
        "programming.settings",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={
            "scoreboard_mode": change.scoreboard_mode.value,
            "scoreboard_public": change.scoreboard_public,
            "problems_after_end": change.problems_after_end,
            "languages": settings.languages,
            "time_multipliers": multipliers,
            "window": [change.submission_opens.isoformat(), change.submission_closes.isoformat()],
        },
    )


def given_up(session: DbSession, contest: Contest) -> list[int]:
    """The contest's submissions made in their author's window that the judge gave up on (JE on their first
    judging: the judge's fault, not the contestant's), which count for nothing until judged again."""
    query = (
        contest_submissions(contest)
        .with_only_columns(Submission.id)
        .where(
            or_(Submission.verdict == "JE", Submission.status == SubmissionStatus.ERROR),
            extra_time.counted_window(contest),
        )
    )
    return list(session.scalars(query.order_by(Submission.id)))


def publish_results(
    session: DbSession, actor: User, contest: Contest, now: datetime | None = None, *, confirm_given_up: bool = False
) -> None:
    """Publish the contest's results: everyone sees the final (unfrozen) scoreboard, also where the organisers
    kept it from the public until now, and the awards it gives are fixed (``programming_awards.fix``).
    Refused (InvalidInput, changing nothing) before the window closes (the last extra time's end), while
    submissions wait for the judge, and while a board's theory test is open or its last answers may still come
    (``sheets.GRACE_SECONDS`` after it closes: its sheets are scored then). Submissions the judge gave up on
    (``given_up``) would be fixed in the awards as scoring nothing, by the judge's fault: as DOMjudge will not
    finalize a contest whose judgings have no result, that is refused (field ``confirm_given_up``) unless the
    organiser confirms it (when a rejudge cannot help). Audit-logged, with the submissions so published."""
    now = now or utcnow()
    closes = extra_time.latest_close(session, contest)  # the last entrant's extra time too
    if now < closes:
        raise InvalidInput(
            _l("The results can be published only after the window closes, at %(t)s.", t=format_datetime(closes))
        )
    waiting = session.scalar(
        contest_submissions(contest)
        .with_only_columns(func.count())
        .where(Submission.status.in_([SubmissionStatus.QUEUED, SubmissionStatus.COMPILING, SubmissionStatus.RUNNING]))
    )
    if waiting:
        raise InvalidInput(
            _l("%(n)d submissions are still waiting for the judge: publish once they are judged.", n=waiting)
        )
    left_out = given_up(session, contest)
    if left_out and not confirm_given_up:
        raise InvalidInput(
            _l(
                "The judge could not grade %(n)d submissions (judge error): %(ids)s. They count for nothing on the "
                "scoreboard and in the awards. Rejudge them, or tick the confirmation to publish without them.",
                n=len(left_out),
                ids=", ".join(f"#{i}" for i in left_out[:20]) + ("…" if len(left_out) > 20 else ""),
            ),
            "confirm_given_up",
        )
    # a sheet takes answers for a few seconds after its test closes and is scored then (``sheets.GRACE_SECONDS``)
    still_open = [q for q in quiz_settings.quizzes(session, contest) if not quiz_sheets.key_shown(q, now)]
    if still_open:
        raise InvalidInput(
            _l(
                "The theory test of %(board)s is open until %(t)s: publish the results after it closes.",
                board=still_open[0].category.name,
                t=format_datetime(still_open[0].closes_at),
            )
        )
    settings = settings_for(session, contest)
    session.add(settings)
    settings.results_published = True
    settings.results_published_at = now
    session.flush()
    fixed = awards.fix(session, contest, now)
    audit.record(
        session,
        "programming.publish",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={
            "awards": {str(a.registration_id): a.level.value for a in fixed},
            **({"judge_errors": left_out} if left_out else {}),
        },
    )


def withdraw_results(session: DbSession, actor: User, contest: Contest) -> None:
    """Take the published results back (the scoreboard is shown as before publication; the awards and their
    certificates are hidden). Audit-logged."""
    settings = settings_for(session, contest)
    session.add(settings)
    settings.results_published = False
    settings.results_published_at = None
    audit.record(session, "programming.withdraw", actor_id=actor.id, object_type="contest", object_id=contest.id)


def contest_submissions(contest: Contest) -> Select[Submission]:
    """A query of the contest's submissions (those to its problems)."""
    problem_ids = select(ContestProblem.problem_id).where(ContestProblem.contest_id == contest.id)
    return select(Submission).where(Submission.problem_id.in_(problem_ids))


def rejudge(
    session: DbSession,
    queue: Queue,
    actor: User,
    contest: Contest,
    *,
    submission_id: int | None = None,
    problem_id: int | None = None,
) -> list[int]:
    """Grade again one submission, every submission of a problem, or (neither given) every submission of the
    contest: each is set to queued and committed, then put on the queue. Its previous result (verdict, score,
    subtask scores, test results) is kept and still counts, on the scoreboard and for the contestant, until the
    new one is written in one transaction (``grading.jobs``), as DOMjudge keeps the old judging valid until the
    new one is done: a board is never half blank, and a worker dying mid-rejudge loses nothing (the reconciler
    hands the submission on, the old result standing meanwhile). ``attempt`` is bumped, not reset, so a grader
    still busy with the old attempt cannot write its result over the new one. Returns the ids queued;
    InvalidInput when there is nothing to rejudge, and while the results are published (their awards were fixed
    from the results as they stood): the organisers withdraw the results, rejudge, and publish again (which fixes
    the awards anew)."""
    if settings_for(session, contest).results_published:
        raise InvalidInput(
            _l(
                "The results are published: withdraw them before rejudging, then publish them again once the judge "
                "is done (the awards are fixed anew)."
            )
        )
    query = contest_submissions(contest).with_only_columns(Submission.id)
    if submission_id is not None:
        query = query.where(Submission.id == submission_id)
    if problem_id is not None:
        query = query.where(Submission.problem_id == problem_id)
    ids = list(session.scalars(query.order_by(Submission.id)))
    if not ids:
        raise InvalidInput(_l("There is nothing to rejudge."))
    session.execute(
        update(Submission)
        .where(Submission.id.in_(ids))
        .values(
            status=SubmissionStatus.QUEUED,
            progress_done=0,
            progress_total=0,
            attempt=Submission.attempt + 1,
            worker=None,
            started_at=None,
            heartbeat_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    audit.record(
        session,
        "submission.rejudge",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"submissions": ids if len(ids) <= 50 else len(ids), "problem": problem_id},
    )
    session.commit()
    session.expire_all()
    live_status.forget(queue.connection, ids)
    for sid in ids:
        grading.enqueue(queue, sid)
    return ids
