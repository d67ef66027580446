"""One contestant in one lab package only (issue 16's leftovers): a second package of a contest that would carry
someone already in one is refused at export naming them, a package listing someone twice is refused by the lab,
and the results of a contestant never come in with two bundles (packages issued before the export refused
overlaps)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import AuditEntry, Contest, LabPackage, LabSeat, Submission, Unit, User
from app.services.errors import InvalidInput
from app.services.programming.lab import lab_setup, package, signing
from app.services.programming.lab.zips import Refused
from tests.builders import row_of
from tests.conftest import AuthActions

from .lab_helpers import _export, _import, _lab_app, _run_lab, _store, lab_app, province, rewritten

__all__ = ["_lab_app", "lab_app", "province"]


def _export_for(app: Flask, world: dict[str, int], out: Path, unit: Unit | None) -> package.Issued:
    return package.export_package(
        db.session,
        _store(app),
        row_of(User, world["organiser"]),
        row_of(Contest, world["contest"]),
        out,
        unit=unit,
    )


def _issued() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(LabPackage)) or 0,
        db.session.scalar(select(func.count()).where(AuditEntry.action == "lab.issue")) or 0,
    )


def test_a_contestant_goes_to_one_lab_package_only(app: Flask, province: dict[str, int], tmp_path: Path) -> None:
    an = db.session.scalars(select(User).where(User.username == "an")).one()
    binh = db.session.scalars(select(User).where(User.username == "binh")).one()
    _export_for(app, province, tmp_path / "school.zip", an.unit)
    db.session.commit()

    with pytest.raises(InvalidInput) as refused:
        _export_for(app, province, tmp_path / "all.zip", None)
    message = str(refused.value.message)
    assert "Mỗi thí sinh chỉ thi ở một phòng máy" in message and "Nguyễn Văn An (an)" in message
    assert "Trần Thị Bình" not in message
    db.session.rollback()
    assert _issued() == (1, 1) and not (tmp_path / "all.zip").exists()
    with force_locale("en"), pytest.raises(InvalidInput) as in_english:
        _export_for(app, province, tmp_path / "district.zip", an.unit.parent)
    with force_locale("en"):
        assert "A contestant sits in one lab only" in str(in_english.value.message)
    db.session.rollback()

    other = _export_for(app, province, tmp_path / "other.zip", binh.unit)  # the other school's lab
    db.session.commit()
    assert other.package.logins == {"binh": binh.id} and _issued() == (2, 2)


def test_the_lab_round_page_names_who_is_already_in_a_package(
    app: Flask, province: dict[str, int], client: FlaskClient, auth: AuthActions
) -> None:
    auth.login("org")
    url = f"/contests/{province['contest']}/manage/lab/export"
    assert client.post(url, data={"seats_per_room": "30", "unit": "0"}).status_code == 200
    again = client.post(url, data={"seats_per_room": "30", "unit": "0"}, follow_redirects=True)
    page = again.get_data(as_text=True)
    assert "Mỗi thí sinh chỉ thi ở một phòng máy" in page and "Nguyễn Văn An (an)" in page
    assert "Trần Thị Bình (binh)" in page and _issued() == (1, 1)


def _with_round(lab_package: Path, out: Path, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Path:
    """A copy of ``lab_package`` whose round.json is updated with what ``change`` gives for it, its manifest
    listing the new hash (the package carries hashes against damage, not a signature)."""
    with zipfile.ZipFile(lab_package) as zf:
        round_ = json.loads(zf.read("round.json"))
        manifest = json.loads(zf.read(signing.MANIFEST))
    round_.update(change(round_))
    data = json.dumps(round_).encode()
    manifest["files"]["round.json"] = signing.sha256(data)
    return rewritten(lab_package, out, {"round.json": data, signing.MANIFEST: json.dumps(manifest).encode()})


def test_the_lab_refuses_a_package_that_lists_a_contestant_twice(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    twice = _with_round(
        tmp_path / "lab.zip",
        tmp_path / "twice.zip",
        lambda r: {"contestants": [*r["contestants"], r["contestants"][0]]},
    )
    with lab_app.app_context():
        with force_locale("en"), pytest.raises(Refused) as refused:
            lab_setup.import_package(db.session, _store(lab_app), twice)
        with force_locale("en"):
            assert [str(p) for p in refused.value.problems] == ["The contestant an is in the lab package twice."]
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        db.session.remove()


def test_results_of_a_contestant_never_come_in_with_two_bundles(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    first = _export(app, province, tmp_path / "first.zip").package
    # a second package of the same people, as could be issued before overlaps were refused at export (the seats of
    # such packages, filled by the migration, went to the first)
    db.session.execute(delete(LabSeat).where(LabSeat.package_id == first.id))
    db.session.commit()
    _export(app, province, tmp_path / "second.zip")

    _run_lab(lab_app, tmp_path / "first.zip", tmp_path / "first-results.zip")
    with lab_app.app_context():  # the second lab: a fresh hoithi
        db.drop_all()
        db.create_all()
        db.session.remove()
    _run_lab(lab_app, tmp_path / "second.zip", tmp_path / "second-results.zip")
    _import(province, tmp_path / "first-results.zip")
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2
    with force_locale("en"), pytest.raises(Refused) as refused:
        _import(province, tmp_path / "second-results.zip")
    db.session.rollback()
    with force_locale("en"):
        problems = [str(p) for p in refused.value.problems]
    assert [p.split(",")[0] for p in problems] == [
        "The results of an already came in with another lab package",
        "The results of binh already came in with another lab package",
    ]
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2
