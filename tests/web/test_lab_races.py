"""Lab rounds' writes at the same moment, each thread with a session and connection of its own, every one past its
checks before any writes (``race``): the database settles them and the losers are refused in plain words, nobody
gets a server error. The same results bundle uploaded by several organisers at once is imported once (issue 16: a
lab's results come back once); the same contestants exported by several organisers (or a double click) at once
stand in one package; a bundle uploaded while its package is withdrawn is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Contest, LabPackage, LabSeat, Submission, User
from app.services.errors import InvalidInput
from app.services.programming.lab import bundle_import, package, withdrawal
from app.services.programming.lab.zips import Refused
from tests.builders import row_of

from .lab_helpers import _lab_app, _store, lab_app, province
from .test_lab_rounds import _export, _run_lab
from .test_races import RACERS, _count, _in_own_session, race

__all__ = ["_lab_app", "lab_app", "province", "race"]


def _organiser_and_contest(province: dict[str, int]) -> tuple[User, Contest]:
    """The province's organiser and contest, read in the racer's own session."""
    organiser = db.session.get(User, province["organiser"])
    contest = db.session.get(Contest, province["contest"])
    assert organiser is not None and contest is not None
    return organiser, contest


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
            organiser, contest = _organiser_and_contest(province)
            return bundle_import.import_results(db.session, organiser, contest, tmp_path / "results.zip").submissions

        return _in_own_session(app, act)

    outcomes = race(upload)
    assert outcomes.count(2) == 1, outcomes
    assert sum(isinstance(o, Refused) for o in outcomes) == RACERS - 1, outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2


def test_the_same_contestants_exported_by_several_requests_at_once_stand_in_one_package(
    app: Flask, province: dict[str, int], tmp_path: Path, race: Callable[[Callable[[int], Any]], list[Any]]
) -> None:
    def export(i: int) -> str:
        def act() -> str:
            organiser, contest = _organiser_and_contest(province)
            out = tmp_path / f"lab-{i}.zip"
            return package.export_package(db.session, _store(app), organiser, contest, out).package.package_id

        return _in_own_session(app, act)

    outcomes = race(export)
    issued = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, InvalidInput)]
    assert len(issued) == 1 and len(refused) == RACERS - 1, outcomes
    for refusal in refused:  # each names who is already in the package that stood
        message = str(refusal.message)
        assert message.startswith("Mỗi thí sinh chỉ thi ở một phòng máy"), message
        assert "Nguyễn Văn An (an); Trần Thị Bình (binh)" in message
    assert db.session.scalars(select(LabPackage.package_id)).all() == issued
    assert _count(LabSeat) == 2 and _count(AuditEntry, AuditEntry.action == "lab.issue") == 1


def test_a_bundle_uploaded_while_its_package_is_withdrawn_is_refused(
    app: Flask,
    lab_app: Flask,
    province: dict[str, int],
    tmp_path: Path,
    race: Callable[[Callable[[int], Any]], list[Any]],
) -> None:
    issued = _export(app, province, tmp_path / "lab.zip").package
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")

    def withdraw_or_upload(i: int) -> object:
        def act() -> object:
            organiser, contest = _organiser_and_contest(province)
            if i == 0:  # withdrawn: its UPDATE is made before its first INSERT, while the uploads hold theirs
                return withdrawal.withdraw_package(db.session, organiser, contest, issued.package_id, "lost")
            return bundle_import.import_results(db.session, organiser, contest, tmp_path / "results.zip")

        with force_locale("en"):
            return _in_own_session(app, act)

    outcomes = race(withdraw_or_upload)
    assert isinstance(outcomes[0], LabPackage), outcomes
    db.session.expire_all()
    for refused in outcomes[1:]:
        assert isinstance(refused, Refused), outcomes
        with force_locale("en"):
            assert [str(p) for p in refused.problems] == [
                str(withdrawal.withdrawn_message(row_of(LabPackage, issued.id)))
            ]
    assert _count(Submission) == 0 and _count(LabSeat) == 0
    assert row_of(LabPackage, issued.id).results_imported_at is None
