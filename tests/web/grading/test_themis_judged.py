"""A Themis contest folder judged for real: imported, graded in the bubblewrap sandbox, scored on the results
sheet."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from openpyxl import load_workbook

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import Contest, Submission
from app.services.programming.themis_folders import exporting, importing, reading

from ... import builders
from ..themis_helpers import write_folder
from .conftest import DATA

pytestmark = pytest.mark.slow  # programs compiled and run in a real sandbox

ACCEPTED = (DATA / "themis" / "SUM" / "submissions" / "accepted" / "sum_stdio.c").read_bytes()
WRONG = (DATA / "themis" / "SUM" / "submissions" / "wrong_answer" / "difference.cpp").read_bytes()


@pytest.fixture
def bwrap_app(app: Flask, backend) -> Iterator[Flask]:
    app.config["SANDBOX"] = "bwrap"
    yield app


def test_an_imported_folder_is_judged_and_scored(bwrap_app, tmp_path):
    units = builders.unit_tree()
    contest = builders.contest(organiser_unit=units.department)
    builders.programming_problem(contest, "A", code="SUM")
    alice, bob = builders.person("alice", units.school), builders.person("bob", units.school)
    builders.register(contest, alice, bob)
    db.session.commit()
    folder = write_folder(tmp_path / "Lab", {"alice/sum.c": ACCEPTED, "bob/SUM.cpp": WRONG})

    ids = importing.import_listing(db.session, None, contest, reading.read_directory(folder)).submission_ids
    db.session.commit()
    for submission_id in ids:
        assert grade_submission(submission_id) == "graded"

    db.session.expire_all()
    verdicts = {db.session.get_one(Submission, i).user_id: db.session.get_one(Submission, i).verdict for i in ids}
    assert verdicts == {alice.id: "AC", bob.id: "WA"}
    sheet = load_workbook(io.BytesIO(exporting.results_workbook(db.session, db.session.get_one(Contest, contest.id))))
    rows = [[c.value for c in row] for row in sheet.active.iter_rows(min_row=2)]
    assert [(r[1], r[4], r[5], r[6]) for r in rows] == [
        ("alice", 100, 100, 1),
        ("bob", 20, 20, 2),
    ]  # a - b is right on one test of five
