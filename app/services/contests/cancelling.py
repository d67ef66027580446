"""Cancelling a registration while registration is open, by its only member or their coordinator."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Nomination, Registration, Role, User
from ...policies.people import may_manage_person
from ...timeutil import format_datetime
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from . import registration_moves
from .organising import RegistrationState, registration_state


def can_cancel(session: DbSession, actor: User, registration: Registration) -> bool:
    """Whether ``actor`` may cancel ``registration`` while registration is open: its only member, or a coordinator
    who manages every member."""
    members = [m.user for m in registration.members]
    if [m.id for m in members] == [actor.id]:
        return True
    return actor.has_role(Role.COORDINATOR) and all(may_manage_person(session, actor, m) for m in members)


def cancel(session: DbSession, actor: User, registration: Registration) -> None:
    """Cancel ``registration`` until the registration deadline, by its only member or their coordinator.

    Refused once registration has closed, when a member has already sent work (a submission, an entry, a
    theory-test sheet begun: ``registration_moves.work_sent``), which only the organisers may deal with, and for a
    registration carried over by a nomination (``progression``), which the feeding round's staff withdraw.
    """
    if not can_cancel(session, actor, registration):
        if actor.id in {m.user_id for m in registration.members}:
            raise InvalidInput(_l("A team's registration is cancelled by the coordinator of its unit."))
        raise NotAllowed()
    contest = registration.contest
    if registration_state(contest) is not RegistrationState.OPEN:
        raise InvalidInput(
            _l(
                "Registration closed on %(deadline)s: a registration can no longer be cancelled.",
                deadline=format_datetime(contest.registration_closes),
            )
        )
    member_ids = [m.user_id for m in registration.members]
    if registration_moves.work_sent(session, registration):
        raise InvalidInput(_l("Work has already been sent under this registration: ask the organisers to withdraw it."))
    nominated = session.scalar(select(Nomination).where(Nomination.carried_registration_id == registration.id))
    if nominated is not None:
        # the nomination would stay, pointing at nothing, and the nominee could not be nominated again
        raise InvalidInput(
            _l(
                "This registration came with a nomination from %(round)s, by its organisers' decision: ask them to "
                "withdraw the nomination.",
                round=nominated.from_contest.title,
            )
        )
    audit.record(
        session,
        "registration.cancel",
        actor_id=actor.id,
        object_type="registration",
        object_id=registration.id,
        data={"contest": contest.id, "members": member_ids},
    )
    session.delete(registration)
    session.flush()
