"""A programming contest's judging settings as its pages and its judge read them: the saved row or the defaults,
the languages it accepts and the time each language gets; and a change to them as the settings page sends it
(``SettingsChange``, stored by ``grading_admin.update_settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from sandbox.languages import DEFAULT_KEYS, LANGUAGES
from sandbox.limits import Limits

from ...extensions import DbSession
from ...models import Contest, ContestProblem, Feedback, ProgrammingSettings, ScoreboardMode
from ..session_memo import remembered

DEFAULT_LANGUAGES = ",".join(DEFAULT_KEYS)
"""A contest accepts every language the judge knows but Scratch until its organisers choose."""
MAX_TIME_MULTIPLIER = 10
"""The most times its problems' time limit a contest may give one language."""


def settings_for(session: DbSession, contest: Contest) -> ProgrammingSettings:
    """The contest's judging settings; the defaults, unsaved, when the organisers never changed them.

    Reading never writes: concurrent first requests must not race to insert the same row. Whoever changes
    the settings adds the object to the session (``session.add`` is harmless on a saved row).
    """
    return remembered(session, ("programming settings", contest.id), lambda: _settings_of(session, contest))


def _settings_of(session: DbSession, contest: Contest) -> ProgrammingSettings:
    return saved_or_defaults(contest, session.get(ProgrammingSettings, contest.id))


def saved_or_defaults(contest: Contest, saved: ProgrammingSettings | None) -> ProgrammingSettings:
    """``saved`` (the contest's settings row, when read), else the defaults, unsaved."""
    return saved or ProgrammingSettings(
        contest_id=contest.id,
        scoreboard_mode=ScoreboardMode.IOI,
        best_per_subtask=False,
        freeze_minutes=0,
        results_published=False,
        results_published_at=None,
        scoreboard_public=True,
        problems_after_end=True,
        feedback_during=Feedback.FULL,
        feedback_after=Feedback.FULL,
        languages=DEFAULT_LANGUAGES,
        time_multipliers={},
    )


def time_multiplier_for(session: DbSession, problem_id: int, language: str) -> float:
    """The multiple of a problem's time limit that a submission in ``language`` gets: the multiplier of the
    contest the problem is set in, as it is now (so a rejudge uses the current one); 1 outside any contest."""
    contest_id = session.scalar(select(ContestProblem.contest_id).where(ContestProblem.problem_id == problem_id))
    settings = session.get(ProgrammingSettings, contest_id) if contest_id is not None else None
    return settings.time_multiplier(language) if settings is not None else 1.0


def time_limits_by_language(settings: ProgrammingSettings, time_limit_ms: int) -> list[tuple[str, int]]:
    """(the language's name, its time limit in ms) for every language the contest accepts whose multiplier is
    not 1, in the judge's order: what contestants are shown beside a problem's time limit."""
    return [
        (LANGUAGES[key].name, Limits(cpu_ms=time_limit_ms).scaled_time(settings.time_multiplier(key)).cpu_ms)
        for key in LANGUAGES
        if key in settings.language_keys and settings.time_multiplier(key) != 1
    ]


@dataclass(frozen=True)
class SettingsChange:
    """Everything the settings page sets; times are naive UTC."""

    scoreboard_mode: ScoreboardMode
    best_per_subtask: bool
    freeze_minutes: int
    feedback_during: Feedback
    feedback_after: Feedback
    languages: list[str]
    submission_opens: datetime
    submission_closes: datetime
    time_multipliers: dict[str, float] = field(default_factory=dict)
    """Per language key, the multiple of the problems' time limit its submissions get; a language left out has 1."""
    scoreboard_public: bool = True
    problems_after_end: bool = True
    confirm_window: bool = False
    """The organiser has been told what the new window does to the submissions' scores, and goes on."""

    @classmethod
    def from_settings(cls, settings: ProgrammingSettings, contest: Contest) -> SettingsChange:
        """The change that sets everything as it stands: ``dataclasses.replace`` it with the fields to change, and
        ``update_settings`` changes those alone."""
        return cls(
            scoreboard_mode=settings.scoreboard_mode,
            best_per_subtask=settings.best_per_subtask,
            freeze_minutes=settings.freeze_minutes,
            feedback_during=settings.feedback_during,
            feedback_after=settings.feedback_after,
            languages=settings.language_keys,
            submission_opens=contest.submission_opens,
            submission_closes=contest.submission_closes,
            time_multipliers=dict(settings.time_multipliers or {}),
            scoreboard_public=settings.scoreboard_public,
            problems_after_end=settings.problems_after_end,
        )
