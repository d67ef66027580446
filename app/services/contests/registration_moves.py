"""A person moved to another unit, and their registrations: those of contests still taking registrations are the
new unit's, those past their deadline stay as they were (docs/people.md, "Moving a person to another unit")."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import (
    Contest,
    ContestProblem,
    EntryAuthor,
    Registration,
    RegistrationMember,
    Sheet,
    Submission,
    User,
)
from ...timeutil import utcnow
from ..errors import InvalidInput
from ..records import audit


def work_sent(session: DbSession, registration: Registration) -> bool:
    """Whether a member of ``registration`` has sent work in its contest: a submission, an entry, or a theory-test
    sheet begun (which belongs to the registration, and would go with it)."""
    member_ids = [m.user_id for m in registration.members]
    contest_id = registration.contest_id
    return bool(
        session.scalar(
            select(Submission.id)
            .join(ContestProblem, ContestProblem.problem_id == Submission.problem_id)
            .where(ContestProblem.contest_id == contest_id, Submission.user_id.in_(member_ids))
            .limit(1)
        )
        or session.scalar(
            select(EntryAuthor.id)
            .where(EntryAuthor.contest_id == contest_id, EntryAuthor.user_id.in_(member_ids))
            .limit(1)
        )
        or session.scalar(select(Sheet.id).where(Sheet.registration_id == registration.id).limit(1))
    )


def open_registrations(session: DbSession, person: User) -> list[Registration]:
    """``person``'s registrations in contests whose registration deadline has not passed, by contest."""
    query = (
        select(Registration)
        .join(RegistrationMember, RegistrationMember.registration_id == Registration.id)
        .join(Contest, Contest.id == Registration.contest_id)
        .where(RegistrationMember.user_id == person.id, Contest.registration_closes > utcnow())
        .order_by(Contest.registration_closes, Registration.id)
    )
    return list(session.scalars(query))


def follow_move(session: DbSession, actor: User, person: User, unit_id: int) -> None:
    """Before ``person`` moves to unit ``unit_id``: each registration of theirs alone, in a contest still taking
    registrations, becomes the new unit's (its supervisor, a teacher of the old unit, is dropped), recorded in the
    audit log. Raises InvalidInput naming the contests, changing nothing, when they are in a team of another unit
    in such a contest: that team is its unit's to cancel first. Registrations past their deadline, and those under
    which work has been sent (``work_sent``: for the old unit, and only the organisers withdraw it), are history and
    stay as they were."""
    registrations = [
        r for r in open_registrations(session, person) if r.unit_id != unit_id and not work_sent(session, r)
    ]
    in_teams = [r for r in registrations if len(r.members) > 1]
    if in_teams:
        raise InvalidInput(
            _l(
                "%(name)s is in a team of their present unit in %(contests)s, whose registration is still open: "
                "that unit's coordinator cancels the team's registration first, then the move can be saved.",
                name=person.full_name,
                contests=", ".join(f"“{r.contest.title}”" for r in in_teams),
            ),
            "unit",
        )
    for registration in registrations:
        data = {"contest": registration.contest_id, "from_unit": registration.unit_id, "to_unit": unit_id}
        if registration.supervisor_id is not None:
            data["dropped_supervisor"] = registration.supervisor_id
        registration.unit_id = unit_id
        registration.supervisor_id = None
        audit.record(
            session,
            "registration.move",
            actor_id=actor.id,
            object_type="registration",
            object_id=registration.id,
            data=data,
        )
