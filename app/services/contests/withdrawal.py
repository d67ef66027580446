"""Withdrawing a nomination (``progression.nominate``) before the nominee has done anything in the next round.

- Who: the feeding round's staff, as for nominating.
- When: while the next round has not started (its submission window has not opened) and the nominee has nothing
  of their own in it: no submission to its problems, no theory-test sheet, no entry other than the one carried
  over, and no file added to that one since. A nominee into a round outside hoithi may be withdrawn until then
  too; a hand-off already made keeps them (make it again).
- What: the nomination goes, and with it what it carried into the next round (the entry, its authors and files'
  rows, and the registration); the store's blobs stay (other rows name them). A reason is required and the
  withdrawal is audited (``round.withdraw``) with what it undid. Refused otherwise with a message naming the
  nominee, nothing changed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, select

from ...extensions import DbSession
from ...models import (
    Contest,
    ContestProblem,
    Entry,
    EntryAuthor,
    EntryFile,
    Nomination,
    Registration,
    Sheet,
    Submission,
    User,
)
from ...policies.contests import is_staff
from ...timeutil import format_datetime, utcnow
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from .progression import MAX_REASON, audit_data


def not_started(target: Contest | None) -> bool:
    """Whether nominations into ``target`` (None: a round outside hoithi) may still be withdrawn as far as time goes:
    its submission window has not opened."""
    return target is None or target.submission_opens > utcnow()


def nominee_label(nomination: Nomination) -> str:
    """How a nominee is named in messages: the entry's code and title, or the team's name or its members'."""
    if nomination.entry is not None:
        return f"{nomination.entry.code} – {nomination.entry.title}"
    registration = nomination.registration
    if registration is None:
        return str(nomination.id)
    return registration.team_name or ", ".join(m.user.full_name for m in registration.members)


def _people(session: DbSession, nomination: Nomination) -> list[int]:
    """The ids of everyone the nomination carried into the next round."""
    ids: set[int] = set()
    if nomination.carried_entry_id is not None:
        ids.update(
            session.scalars(select(EntryAuthor.user_id).where(EntryAuthor.entry_id == nomination.carried_entry_id))
        )
    if nomination.carried_registration_id is not None:
        carried = session.get(Registration, nomination.carried_registration_id)
        ids.update(m.user_id for m in (carried.members if carried is not None else []))
    return sorted(ids)


def _something_in(session: DbSession, nomination: Nomination, target: Contest) -> bool:
    """Whether the nominee has made anything of their own in ``target`` since being carried into it."""
    people = _people(session, nomination)
    submitted = session.scalar(
        select(
            exists().where(
                Submission.user_id.in_(people),
                Submission.problem_id.in_(
                    select(ContestProblem.problem_id).where(ContestProblem.contest_id == target.id)
                ),
            )
        )
    )
    sheets = nomination.carried_registration_id is not None and session.scalar(
        select(exists().where(Sheet.registration_id == nomination.carried_registration_id))
    )
    other_entries = session.scalar(
        select(
            exists().where(
                EntryAuthor.contest_id == target.id,
                EntryAuthor.user_id.in_(people),
                EntryAuthor.entry_id != (nomination.carried_entry_id or 0),
            )
        )
    )
    # files carried keep their upload time, so a later one was added in the next round
    added_files = session.scalar(
        select(func.count()).where(
            EntryFile.entry_id == (nomination.carried_entry_id or 0), EntryFile.uploaded_at > nomination.created_at
        )
    )
    return bool(submitted or sheets or other_entries or added_files)


def withdraw(session: DbSession, actor: User, contest: Contest, nomination_id: int, reason: str) -> str:
    """Withdraw nomination ``nomination_id`` of ``contest`` and undo what it carried (see the module's docstring);
    flushed, not committed. Raises ``NotAllowed`` unless ``actor`` is ``contest``'s staff and ``InvalidInput``
    (nothing written) for a nomination not of ``contest``, a missing reason, a next round that has started, or a
    nominee who has something in it. Returns how the nominee is named (``nominee_label``)."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    nomination = session.get(Nomination, nomination_id)
    if nomination is None or nomination.from_contest_id != contest.id:
        raise InvalidInput(_l("This round has no such nomination."))
    who = nominee_label(nomination)
    if not reason.strip():
        raise InvalidInput(_l("Give the reason for withdrawing %(who)s.", who=who), "reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(_l("The reason is too long (at most %(n)d characters).", n=MAX_REASON), "reason")
    target = session.get(Contest, nomination.to_contest_id) if nomination.to_contest_id is not None else None
    if target is not None and not not_started(target):
        raise InvalidInput(
            _l(
                "%(who)s cannot be withdrawn: %(contest)s started on %(when)s.",
                who=who,
                contest=target.title,
                when=format_datetime(target.submission_opens),
            )
        )
    if target is not None and _something_in(session, nomination, target):
        raise InvalidInput(
            _l(
                "%(who)s cannot be withdrawn: they already have a submission, a test or an entry in %(contest)s.",
                who=who,
                contest=target.title,
            )
        )
    undone = audit_data(nomination)
    # the row deleted first, its count checked: of two withdrawals at once, the second deletes nothing and is refused
    claimed = session.execute(
        delete(Nomination).where(Nomination.id == nomination.id).execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # a DELETE's Result is a CursorResult
        raise InvalidInput(_l("%(who)s has just been withdrawn by someone else.", who=who))
    session.expunge(nomination)
    for carried in (
        session.get(Entry, nomination.carried_entry_id) if nomination.carried_entry_id else None,
        session.get(Registration, nomination.carried_registration_id) if nomination.carried_registration_id else None,
    ):
        if carried is not None:
            session.delete(carried)
    session.flush()
    audit.record(
        session,
        "round.withdraw",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        reason=reason.strip(),
        data=undone | {"nominee": who},
    )
    return who
