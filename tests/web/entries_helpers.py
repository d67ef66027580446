"""The world of the entries tests (test_entries, test_entries_web, test_entries_files, test_blind_review): two
schools of one district, their teachers, students and coordinators, and a contest of each kind; and the details of
a typical lecture."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Assignment, ContestKind, Entry, Licence, Role
from app.services.entries import entering
from app.services.entries.entering import EntryDetails

from .. import builders
from ..factories import SchoolFactory
from ..submissions.blind_helpers import AUTHOR, SCHOOL


class World:
    """Two schools of one district; teachers and students; an e-Learning contest for teams of two teachers, a
    creativity contest for students with supervisors, and a Young Informatics contest with Bảng B and D."""

    def __init__(self) -> None:
        units = builders.unit_tree()
        self.department, self.school = units.department, units.school
        self.other_school = SchoolFactory(parent=units.office)
        self.teacher = builders.person("gv1", self.school, Role.TEACHER)
        self.teacher2 = builders.person("gv2", self.school, Role.TEACHER)
        self.teacher3 = builders.person("gv3", self.school, Role.TEACHER)
        self.stranger = builders.person("gvkhac", self.other_school, Role.TEACHER)
        self.student = builders.person("hs1", self.school)
        self.student2 = builders.person("hs2", self.school)
        self.coordinator = builders.person("dp", self.school, Role.COORDINATOR)
        self.other_coordinator = builders.person("dpkhac", self.other_school, Role.COORDINATOR)
        self.organiser = builders.person("btc", self.department, Role.ORGANISER)
        self.judge = builders.person("gk", self.department, Role.JUDGE)
        self.elearning = builders.contest(
            ContestKind.ELEARNING, self.department, open_to_teachers=True, open_to_students=False, max_team_size=2
        )
        self.creativity = builders.contest(
            ContestKind.CREATIVITY, self.department, max_team_size=3, allows_supervisor=True
        )
        self.informatics = builders.contest(ContestKind.INFORMATICS, self.department)
        bang = builders.categories(self.informatics, "B", "D")
        self.bang_b, self.bang_d = bang["B"], bang["D"]
        db.session.commit()


@pytest.fixture
def world(app: Flask) -> World:
    return World()


def authored_world() -> World:
    """A world whose teacher is ``AUTHOR`` of ``SCHOOL``: names a judge must never see."""
    made = World()
    made.teacher.full_name = AUTHOR
    made.school.name = SCHOOL
    db.session.commit()
    return made


def log_in(client: FlaskClient, username: str) -> None:
    """``client`` logged out, then in as ``username`` (the world's password)."""
    client.post("/logout")
    assert client.post("/login", data={"username": username, "password": "password123"}).status_code == 302


@pytest.fixture
def entry(world: World) -> Entry:
    """An e-lecture of the world's teacher in its e-Learning contest (``world`` as the test module has it),
    assigned to its judge."""
    created = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.add(Assignment(contest_id=world.elearning.id, entry_id=created.id, judge_id=world.judge.id))
    db.session.commit()
    return created


def lecture(**changes: object) -> EntryDetails:
    details = EntryDetails(
        title="Bài giảng: Thuật toán sắp xếp",
        subject="Tin học",
        level="Lớp 8",
        field="Khoa học máy tính",
        description="Bài giảng tương tác về sắp xếp nổi bọt.",
        licence=Licence.CC_BY,
    )
    for name, value in changes.items():
        setattr(details, name, value)
    return details
