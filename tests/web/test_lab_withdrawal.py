"""Withdrawing a lab package whose results have not come in (a package lost on its way to the lab): its
contestants go into a new package, its bundle is refused for good; a package whose results came in stays. From the
service, the lab round page (a confirmed POST with its token) and ``hoithi lab withdraw``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Contest, LabPackage, LabSeat, Role, Submission, User
from app.services.errors import InvalidInput, NotAllowed
from app.services.programming.lab import signing, withdrawal
from app.services.programming.lab.zips import Refused
from app.timeutil import format_datetime
from tests.builders import row_of
from tests.conftest import AuthActions

from .. import builders
from .lab_helpers import _export, _import, _lab_app, _run_lab, lab_app, province

__all__ = ["_lab_app", "lab_app", "province"]

LOST = "Gói bị thất lạc trên đường đến trường"


def _withdraw(world: dict[str, int], package_id: str, reason: str = LOST) -> LabPackage:
    withdrawn = withdrawal.withdraw_package(
        db.session, row_of(User, world["organiser"]), row_of(Contest, world["contest"]), package_id, reason
    )
    db.session.commit()
    return withdrawn


def _refused(world: dict[str, int], package_id: str, reason: str = LOST) -> str:
    with force_locale("en"), pytest.raises(InvalidInput) as refused:
        _withdraw(world, package_id, reason)
    db.session.rollback()
    with force_locale("en"):
        return str(refused.value.message)


def _seats() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(LabSeat)) or 0


def _fresh_lab(lab: Flask) -> None:
    """The next lab: a fresh hoithi."""
    with lab.app_context():
        db.drop_all()
        db.create_all()
        db.session.remove()


def test_a_lost_package_is_withdrawn_its_contestants_go_into_a_new_one_and_its_bundle_is_refused(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    lost = _export(app, province, tmp_path / "lost.zip").package
    assert _seats() == 2
    with pytest.raises(InvalidInput):  # nobody goes into a second package while the first stands
        _export(app, province, tmp_path / "again.zip")
    db.session.rollback()

    withdrawn = _withdraw(province, lost.package_id)
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawal_reason == LOST and _seats() == 0
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "lab.withdraw")).one()
    assert (entry.actor_id, entry.reason, entry.data) == (
        province["organiser"],
        LOST,
        {"package": lost.package_id, "contestants": 2},
    )
    new = _export(app, province, tmp_path / "new.zip").package
    assert set(new.logins) == {"an", "binh"} and _seats() == 2

    # the lost package turns up and its lab ran the round after all: its bundle is refused, the new one comes in
    _run_lab(lab_app, tmp_path / "lost.zip", tmp_path / "lost-results.zip")
    _fresh_lab(lab_app)
    _run_lab(lab_app, tmp_path / "new.zip", tmp_path / "new-results.zip")
    with pytest.raises(Refused) as refused:
        _import(province, tmp_path / "lost-results.zip")
    db.session.rollback()
    when = format_datetime(withdrawn.withdrawn_at)
    assert [str(p) for p in refused.value.problems] == [
        f"Gói phòng máy này đã bị thu hồi lúc {when} ({LOST}); không thể nhập kết quả của gói."
    ]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", when)
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
    assert _import(province, tmp_path / "new-results.zip").submissions == 2


def test_a_package_whose_results_came_in_is_not_withdrawn(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    issued = _export(app, province, tmp_path / "lab.zip").package
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")
    _import(province, tmp_path / "results.zip")

    assert _refused(province, issued.package_id).startswith("The results of this lab package were imported on ")
    assert _refused(province, issued.package_id).endswith(": it can no longer be withdrawn.")
    db.session.expire_all()
    assert row_of(LabPackage, issued.id).withdrawn_at is None and _seats() == 2
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "lab.withdraw")) == 0


def test_withdrawing_needs_a_reason_a_package_of_the_contest_and_its_staff(
    app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    issued = _export(app, province, tmp_path / "lab.zip").package
    assert _refused(province, issued.package_id, "  ") == "Give the reason for withdrawing the lab package."
    assert _refused(province, "0" * 32) == f"This contest issued no lab package {'0' * 32}."
    other = builders.contest(organiser_unit=row_of(User, province["organiser"]).unit)
    db.session.commit()
    with pytest.raises(InvalidInput):  # a package of another contest is not this contest's to withdraw
        withdrawal.withdraw_package(db.session, row_of(User, province["organiser"]), other, issued.package_id, LOST)
    db.session.rollback()
    stranger = builders.person("khach", row_of(User, province["organiser"]).unit)
    db.session.commit()
    with pytest.raises(NotAllowed):
        withdrawal.withdraw_package(db.session, stranger, row_of(Contest, province["contest"]), issued.package_id, LOST)
    db.session.rollback()
    assert _seats() == 2

    _withdraw(province, issued.package_id)
    assert _refused(province, issued.package_id).startswith("This lab package was already withdrawn on ")


def _token(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', page)
    assert found is not None, name
    return found.group(1)


def test_the_lab_round_page_withdraws_a_package_confirmed_with_its_token(
    csrf_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    client: FlaskClient = csrf_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    client.post(
        "/login", data={"username": "org", "password": "password123", "csrf_token": _token(login, "csrf_token")}
    )
    issued = _export(csrf_app, province, tmp_path / "lab.zip").package
    page_url = f"/contests/{province['contest']}/manage/lab"
    url = f"{page_url}/packages/{issued.package_id}/withdraw"
    prefix = f"withdraw-{issued.package_id}-"
    page = client.get(page_url).get_data(as_text=True)
    assert "Thu hồi gói này" in page and f'action="{url}"' in page
    token = _token(page, f"{prefix}csrf_token")

    without_token = client.post(url, data={f"{prefix}reason": LOST, f"{prefix}confirm": "y"})
    assert without_token.status_code == 400 and "Biểu mẫu đã hết hạn" in without_token.get_data(as_text=True)
    unconfirmed = client.post(
        url, data={f"{prefix}csrf_token": token, f"{prefix}reason": LOST}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Hãy đánh dấu xác nhận để thu hồi gói phòng máy. Chưa có gì thay đổi." in unconfirmed
    db.session.expire_all()
    assert row_of(LabPackage, issued.id).withdrawn_at is None and _seats() == 2

    done = client.post(
        url,
        data={f"{prefix}csrf_token": token, f"{prefix}reason": LOST, f"{prefix}confirm": "y"},
        follow_redirects=True,
    ).get_data(as_text=True)
    db.session.expire_all()
    withdrawn = row_of(LabPackage, issued.id)
    assert f"Đã thu hồi gói phòng máy {issued.package_id}" in done
    assert f"đã thu hồi lúc {format_datetime(withdrawn.withdrawn_at)}" in done and LOST in done
    assert "Thu hồi gói này" not in done and _seats() == 0

    again = client.post(
        url,
        data={f"{prefix}csrf_token": token, f"{prefix}reason": LOST, f"{prefix}confirm": "y"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Gói phòng máy này đã bị thu hồi lúc" in again


def test_only_the_contests_staff_reach_the_withdrawal(
    client: FlaskClient, auth: AuthActions, province: dict[str, int], tmp_path: Path
) -> None:
    issued = _export(client.application, province, tmp_path / "lab.zip").package
    builders.person("gv", row_of(User, province["organiser"]).unit, Role.TEACHER)
    db.session.commit()
    auth.login("gv")
    url = f"/contests/{province['contest']}/manage/lab/packages/{issued.package_id}/withdraw"
    prefix = f"withdraw-{issued.package_id}-"
    assert client.post(url, data={f"{prefix}reason": LOST, f"{prefix}confirm": "y"}).status_code == 403
    assert _seats() == 2


def test_the_command_line_lists_and_withdraws_packages(app: Flask, province: dict[str, int], tmp_path: Path) -> None:
    issued = _export(app, province, tmp_path / "lab.zip").package
    runner = app.test_cli_runner()
    contest = str(province["contest"])
    listed = runner.invoke(args=["lab", "packages", contest])
    assert listed.exit_code == 0 and issued.package_id in listed.output and "2 contestants  issued" in listed.output

    asked = runner.invoke(
        args=["lab", "withdraw", contest, issued.package_id, "--by", "org", "--reason", LOST], input="n\n"
    )
    assert asked.exit_code == 1 and _seats() == 2
    no_reason = runner.invoke(
        args=["lab", "withdraw", contest, issued.package_id, "--by", "org", "--reason", " ", "--yes"]
    )
    assert no_reason.exit_code == 1 and "Hãy ghi lý do thu hồi gói phòng máy." in no_reason.output
    builders.person("gv", row_of(User, province["organiser"]).unit, Role.TEACHER)
    db.session.commit()
    stranger = runner.invoke(
        args=["lab", "withdraw", contest, issued.package_id, "--by", "gv", "--reason", LOST, "--yes"]
    )
    assert stranger.exit_code == 1 and f"gv is not staff of contest {contest}" in stranger.output and _seats() == 2

    done = runner.invoke(
        args=["lab", "withdraw", contest, issued.package_id, "--by", "org", "--reason", LOST], input="y\n"
    )
    assert done.exit_code == 0, done.output
    assert f"lab package {issued.package_id} withdrawn" in done.output and _seats() == 0
    twice = runner.invoke(
        args=["lab", "withdraw", contest, issued.package_id, "--by", "org", "--reason", LOST, "--yes"]
    )
    assert twice.exit_code == 1 and "Gói phòng máy này đã bị thu hồi lúc" in twice.output
    listed = runner.invoke(args=["lab", "packages", contest])
    assert f"withdrawn {format_datetime(row_of(LabPackage, issued.id).withdrawn_at)}: {LOST}" in listed.output


def test_the_command_line_exports_anew_once_the_lost_package_is_withdrawn(
    app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    runner, contest, out, anew = app.test_cli_runner(), str(province["contest"]), tmp_path / "out", tmp_path / "anew"
    export = ["lab", "export", contest, str(out), "--by", "org"]
    assert runner.invoke(args=export).exit_code == 0
    first = db.session.scalars(select(LabPackage)).one()
    kit = out / f"lab-package-{contest}.zip"
    given_out = sorted(p.name for p in out.iterdir())
    assert given_out == [f"cards-{contest}.pdf", kit.name, f"rooms-{contest}.pdf"]

    # into the same folder: refused before anything is exported, the package given out left as it was
    same_folder = runner.invoke(args=export)
    assert same_folder.exit_code == 1 and "give each lab package its own folder" in same_folder.output
    assert signing.file_sha256(kit) == first.package_sha256 and sorted(p.name for p in out.iterdir()) == given_out
    # into a folder of its own: refused for the contestants, nothing left there
    export_anew = ["lab", "export", contest, str(anew), "--by", "org"]
    refused = runner.invoke(args=export_anew)
    assert refused.exit_code == 1 and "Nguyễn Văn An (an); Trần Thị Bình (binh)" in refused.output
    assert list(anew.iterdir()) == []

    withdrawn = runner.invoke(
        args=["lab", "withdraw", contest, first.package_id, "--by", "org", "--reason", LOST, "--yes"]
    )
    assert withdrawn.exit_code == 0, withdrawn.output
    again = runner.invoke(args=export_anew)
    assert again.exit_code == 0, again.output
    db.session.expire_all()
    second = db.session.scalars(select(LabPackage).where(LabPackage.withdrawn_at.is_(None))).one()
    assert second.package_id != first.package_id
    assert signing.file_sha256(anew / kit.name) == second.package_sha256
