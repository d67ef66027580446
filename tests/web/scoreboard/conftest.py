"""Fixtures of the scoreboard tests: a clean board cache, a department, its contest, and a running frozen contest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TypedDict

import pytest
from flask import Flask

from app.extensions import db
from app.models import Contest, Role, Unit
from app.queue import connection

from ...factories import ContestFactory, DepartmentFactory, DistrictFactory, SchoolFactory, UserFactory
from .helpers import START, _contestant, _problem, _settings, _submit


class Running(TypedDict):
    contest: Contest
    school_1: Unit
    school_2: Unit
    district: Unit


@pytest.fixture(autouse=True)
def no_cached_boards(app: Flask) -> Iterator[None]:
    """Contest ids repeat from test to test: never let a board cached by another test answer."""
    for key in connection().scan_iter("hoithi:scoreboard:*"):
        connection().delete(key)
    yield


@pytest.fixture
def department() -> Unit:
    return DepartmentFactory()


@pytest.fixture
def contest(department: Unit) -> Contest:
    return ContestFactory(
        organiser_unit=department,
        submission_opens=START,
        submission_closes=START + timedelta(hours=5),
    )


@pytest.fixture
def running(contest: Contest, department: Unit) -> Running:
    """A frozen IOI contest with two schools' contestants; an organiser of the contest's unit."""
    _settings(contest, freeze_minutes=120)
    a, b = _problem(contest, "A"), _problem(contest, "B")
    district = DistrictFactory(parent=department)
    school_1 = SchoolFactory(name="THCS Lê Quý Đôn", parent=district)
    school_2 = SchoolFactory(name="THCS Chu Văn An", parent=district)
    an = _contestant(contest, "Nguyễn Văn An", school_1)
    binh = _contestant(contest, "Trần Thị Bình", school_2)
    _submit(an, a, 10, 40, "WA")
    _submit(an, b, 200, 100)  # after the freeze
    _submit(binh, a, 20, 100)
    UserFactory(username="btc", unit=department, roles={Role.ORGANISER})
    db.session.commit()
    return {"contest": contest, "school_1": school_1, "school_2": school_2, "district": district}
