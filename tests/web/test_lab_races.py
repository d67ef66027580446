"""The same results bundle uploaded by several organisers at once (issue 16: a lab's results come back once): the
database settles it, one import is written, the others are refused in plain words, nobody gets a server error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import Contest, Submission, User
from app.services.programming.lab import bundle_import
from app.services.programming.lab.zips import Refused

from .lab_helpers import _lab_app, lab_app, province
from .test_lab_rounds import _export, _run_lab
from .test_races import RACERS, _in_own_session, race

__all__ = ["_lab_app", "lab_app", "province", "race"]


def test_one_bundle_imported_by_several_requests_at_once_is_imported_once(
    app: Flask,
    lab_app: Flask,
    province: dict[str, int],
    tmp_path: Path,
    race: Callable[[Callable[[int], Any]], list[Any]],
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")

    def upload(_i: int) -> int:
        def act() -> int:
            organiser = db.session.get(User, province["organiser"])
            contest = db.session.get(Contest, province["contest"])
            assert organiser is not None and contest is not None
            return bundle_import.import_results(db.session, organiser, contest, tmp_path / "results.zip").submissions

        return _in_own_session(app, act)

    outcomes = race(upload)
    assert outcomes.count(2) == 1, outcomes
    assert sum(isinstance(o, Refused) for o in outcomes) == RACERS - 1, outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2
