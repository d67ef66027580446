"""Extra time in a lab round: the minutes the province gave a contestant go to the lab with the package (the lab's
hoithi lets them submit until their own end and waits for it before exporting), and the province takes back what
they sent in them; a submission after a contestant's own end is still refused."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.models import Contest, Registration, RegistrationMember, User
from app.services.programming import entrant_window, extra_time
from app.services.programming.lab import results
from app.services.programming.scoreboard import build
from tests.builders import row_of

from .lab_helpers import _export, _import, _lab_app, _refusal, _run_lab, lab_app, province

__all__ = ["_lab_app", "lab_app", "province"]


def _give_binh(world: dict[str, int], minutes: int) -> None:
    contest = row_of(Contest, world["contest"])
    registration = db.session.scalars(
        select(Registration)
        .join(RegistrationMember)
        .join(User, User.id == RegistrationMember.user_id)
        .where(Registration.contest_id == contest.id, User.username == "binh")
    ).one()
    extra_time.grant(db.session, world["organiser"], contest, [registration], minutes, "Mất điện ở phòng máy")
    db.session.commit()


def test_extra_time_given_before_the_package_goes_with_it_and_comes_back(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _give_binh(province, 15)
    _export(app, province, tmp_path / "lab.zip")
    with zipfile.ZipFile(tmp_path / "lab.zip") as zf:
        listed = json.loads(zf.read("round.json"))["registrations"]
    closes = row_of(Contest, province["contest"]).submission_closes
    assert sorted((r["members"], r["extended_until"]) for r in listed) == [
        (["an"], None),
        (["binh"], (closes + timedelta(minutes=15)).isoformat()),
    ]

    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip", late=True)  # Bình's at closing + 10 minutes
    with lab_app.app_context():
        contest = db.session.scalars(select(Contest)).one()
        binh = db.session.scalars(
            select(Registration)
            .join(RegistrationMember)
            .join(User, User.id == RegistrationMember.user_id)
            .where(User.username == "binh")
        ).one()
        assert binh.extra_minutes == 15
        assert entrant_window.in_window(contest, closes + timedelta(minutes=10), binh)
        assert not entrant_window.in_window(contest, closes + timedelta(minutes=15), binh)
        # the lab may not export while the extra time runs: what is sent in it would be left out
        with force_locale("en"), pytest.raises(results.InvalidInput):
            results.export_results(db.session, contest, tmp_path / "early.zip", now=closes + timedelta(minutes=5))
        db.session.remove()

    imported = _import(province, tmp_path / "results.zip")
    assert imported.submissions == 2
    board = build(db.session, row_of(Contest, province["contest"]), viewer_is_staff=True)
    assert [(row.members, row.cells[0].tries) for row in board.rows] == [
        (["Nguyễn Văn An"], 1),
        (["Trần Thị Bình"], 1),  # sent in the extra time: counted
    ]


def test_a_submission_after_the_contestants_own_end_is_refused(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _give_binh(province, 5)  # Bình's submission at closing + 10 minutes is after these five
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip", late=True)
    (problem,) = _refusal(province, tmp_path / "results.zip")
    assert problem.startswith("Submission 2 (binh, problem A) was made at ")
    assert "after the round's end" in problem


def test_extra_time_given_at_the_lab_counts_once_the_province_gives_it_too(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip", late=True)
    assert len(_refusal(province, tmp_path / "results.zip")) == 1  # the province has not given it: refused
    _give_binh(province, 15)
    assert _import(province, tmp_path / "results.zip").submissions == 2
