"""Nominating the same entrant from several requests at once (issue 16: a nominee moves on once): the database
settles it, one move is written, the others get a clear message, nobody a server error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import Contest, Entry, Nomination, NominationMethod, User
from app.services.contests import progression
from app.services.contests.progression import Choice
from app.services.errors import InvalidInput

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
