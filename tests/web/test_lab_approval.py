"""A lab round and Section 8: the province takes only a contest whose proposal the Sở approved to a lab, and the
lab's copy of the contest carries that approval, so that its contestants see their problems there."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from app.extensions import db
from app.models import Contest, LabPackage, ProposalStatus
from app.services.errors import InvalidInput
from app.services.programming.lab import lab_setup
from tests.builders import row_of

from .lab_helpers import _export, _lab_app, _store, lab_app, province

__all__ = ["_lab_app", "lab_app", "province"]


@pytest.mark.parametrize("status", [ProposalStatus.IN_REVIEW, ProposalStatus.CHANGES_REQUESTED])
def test_a_contest_the_so_has_not_approved_is_not_taken_to_a_lab(
    app: Flask, province: dict[str, int], tmp_path: Path, status: ProposalStatus
) -> None:
    contest = row_of(Contest, province["contest"])
    assert contest.proposal is not None
    contest.proposal.status = status
    db.session.commit()

    with force_locale("vi"), pytest.raises(InvalidInput) as refused:
        _export(app, province, tmp_path / "lab.zip")
    db.session.rollback()
    with force_locale("vi"):
        assert str(refused.value) == (
            "Sở chưa phê duyệt đề xuất của hội thi này: chưa thể đưa hội thi xuống phòng máy cho đến khi được duyệt."
        )
    assert db.session.scalar(select(func.count()).select_from(LabPackage)) == 0
    assert not (tmp_path / "lab.zip").exists()


def test_the_labs_contestants_see_their_problems(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    issued = _export(app, province, tmp_path / "lab.zip")

    with lab_app.app_context():
        contest = lab_setup.import_package(db.session, _store(lab_app), tmp_path / "lab.zip")
        db.session.commit()
        assert contest.proposal is not None and contest.proposal.approved
        contest_id = contest.id
        db.session.remove()

    client = lab_app.test_client()  # each request in an application context of its own, as served
    card = issued.cards[0]
    assert client.post("/login", data={"username": card.login, "password": card.password}).status_code == 302
    assert client.get(f"/contests/{contest_id}/problems").status_code == 200
    page = client.get(f"/contests/{contest_id}/problems/A")
    assert page.status_code == 200
    assert 'id="language"' in page.text
