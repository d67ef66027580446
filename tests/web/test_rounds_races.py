"""Nominating the same entrant, or withdrawing the same nomination, from several requests at once (issue 16: a
nominee moves on once): the database settles it, one move (or withdrawal) is written, the others get a clear
message, nobody a server error."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Contest, Entry, Nomination, NominationMethod, User
from app.services.contests import progression, withdrawal
from app.services.contests.progression import Choice
from app.services.errors import InvalidInput
from app.timeutil import utcnow

from .rounds_helpers import rounds
from .test_races import RACERS, _in_own_session, race  # noqa: F401  (race: the fixture)


def test_one_entrant_nominated_by_several_requests_at_once_moves_on_once(
    app: Flask,
    race: Callable[[Callable[[int], Any]], list[Any]],  # noqa: F811
) -> None:
    world = rounds()
    district_id, province_id, organiser_id = world.district.id, world.province.id, world.district_organiser.id
    db.session.commit()

    def nominate(_i: int) -> int:
        def act() -> int:
            contest = db.session.get(Contest, district_id)
            organiser = db.session.get(User, organiser_id)
            assert contest is not None and organiser is not None
            choice = Choice(NominationMethod.RANK, count=1)
            return len(progression.nominate(db.session, organiser, contest, province_id, choice))

        return _in_own_session(app, act)

    outcomes = race(nominate)
    assert outcomes.count(1) == 1, outcomes
    refused = [o for o in outcomes if isinstance(o, InvalidInput)]
    assert len(refused) == RACERS - 1, outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 1
    assert db.session.scalar(select(func.count()).where(Entry.contest_id == province_id)) == 1


def test_one_nomination_withdrawn_by_several_requests_at_once_is_withdrawn_once(app: Flask) -> None:
    world = rounds()
    world.province.submission_opens = utcnow() + timedelta(days=3)
    world.province.submission_closes = utcnow() + timedelta(days=4)
    (made,) = progression.nominate(
        db.session, world.district_organiser, world.district, world.province.id, Choice(NominationMethod.RANK, count=1)
    )
    district_id, organiser_id, nomination_id = world.district.id, world.district_organiser.id, made.id
    db.session.commit()
    # all start together (the race fixture holds each at its first INSERT: a withdrawal writes a DELETE first, and
    # only the winner gets as far as an INSERT)
    start = threading.Barrier(RACERS, timeout=60)

    def withdraw(_i: int) -> object:
        def act() -> str:
            contest = db.session.get(Contest, district_id)
            organiser = db.session.get(User, organiser_id)
            assert contest is not None and organiser is not None
            start.wait()
            return withdrawal.withdraw(db.session, organiser, contest, nomination_id, "nhầm")

        try:
            return _in_own_session(app, act)
        except Exception as error:  # the test looks at what each thread met
            return error

    with ThreadPoolExecutor(RACERS) as pool:
        outcomes = list(pool.map(withdraw, range(RACERS)))
    assert sum(isinstance(o, str) for o in outcomes) == 1, outcomes
    refused = [o for o in outcomes if isinstance(o, InvalidInput)]
    assert len(refused) == RACERS - 1, outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0
    assert db.session.scalar(select(func.count()).where(Entry.contest_id == world.province.id)) == 0
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "round.withdraw")) == 1
