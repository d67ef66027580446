"""Disqualifying a contestant who copied: the organisers name them and say why; the contestant can no longer submit
or see the problems and is told why in Vietnamese; the scoreboard (staff's and the public's), its export and the
awards leave them out, and the others' ranks close up. Reinstating brings them back. Real database and Redis."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AuditEntry,
    AwardLevel,
    Contest,
    ContestKind,
    Registration,
    Role,
    Submission,
    SubmissionStatus,
    User,
)
from app.queue import connection
from app.services.programming import awards, disqualification, grading_admin, scoreboard
from app.services.programming.themis_folders import exporting
from app.services.results import awards as results_awards
from app.timeutil import utcnow
from tests.builders import row_of

from .. import builders
from ..conftest import AuthActions

SUM = "a, b = map(int, input().split())\nprint(a + b)\n"
FIRST = AwardLevel.FIRST


@pytest.fixture
def copied(app: Flask) -> Iterator[dict[str, int]]:
    """A running contest: Dũng (who copied) scored 100, Em 80, Giang 50; the organiser of the Sở."""
    connection().flushdb()
    units = builders.unit_tree()
    contest = builders.contest(ContestKind.INFORMATICS, organiser_unit=units.department)
    problem = builders.programming_problem(contest, "A").problem
    ids: dict[str, int] = {"contest": contest.id}
    for username, name, score in (
        ("dung", "Phạm Văn Dũng", 100.0),
        ("em", "Hoàng Thị Em", 80.0),
        ("giang", "Vũ Giang", 50.0),
    ):
        student = builders.person(username, units.school, full_name=name)
        ids[username] = builders.register(contest, student)[0].id
        db.session.add(
            Submission(
                problem_id=problem.id,
                user_id=student.id,
                language="python",
                source=SUM,
                status=SubmissionStatus.DONE,
                verdict="AC" if score == 100 else "WA",
                score=score,
                max_score=100.0,
            )
        )
    ids["org"] = builders.person("org", units.department, Role.ORGANISER).id
    db.session.commit()
    yield ids
    connection().flushdb()


def _as(client: FlaskClient, auth: AuthActions, username: str) -> None:
    client.get("/logout")
    assert auth.login(username).status_code == 302
    client.get("/lang/vi")


def _ranks(contest: Contest, staff: bool) -> list[tuple[int, str]]:
    connection().flushdb()  # no cached board
    return [(row.rank, row.name) for row in scoreboard.build(db.session, contest, viewer_is_staff=staff).rows]


def test_a_disqualified_contestant_leaves_the_board_and_cannot_submit(
    client: FlaskClient, auth: AuthActions, copied: dict[str, int]
) -> None:
    contest_id = copied["contest"]
    _as(client, auth, "org")
    assert client.get(f"/contests/{contest_id}/manage/disqualified").status_code == 200
    done = client.post(
        f"/contests/{contest_id}/manage/disqualified",
        data={"who": str(copied["dung"]), "reason": "Chép bài của thí sinh khác"},
    )
    assert done.status_code == 302
    listed = client.get(f"/contests/{contest_id}/manage/disqualified").get_data(as_text=True)
    assert "Phạm Văn Dũng" in listed.split('id="disqualified"')[1]

    contest = row_of(Contest, contest_id)
    for staff in (True, False):
        assert _ranks(contest, staff) == [(1, "Hoàng Thị Em"), (2, "Vũ Giang")]
    placed = [placing.row.name for board in awards.boards(db.session, contest) for placing in board.placings]
    assert placed == ["Hoàng Thị Em", "Vũ Giang"]
    sheet = load_workbook(io.BytesIO(exporting.results_workbook(db.session, contest))).active
    assert sheet is not None
    assert "Phạm Văn Dũng" not in str(list(sheet.iter_rows(values_only=True)))
    assert "Phạm Văn Dũng" not in client.get(f"/contests/{contest_id}/scoreboard").get_data(as_text=True)

    _as(client, auth, "dung")
    problems = client.get(f"/contests/{contest_id}/problems").get_data(as_text=True)
    assert "Bạn đã bị loại khỏi cuộc thi này: Chép bài của thí sinh khác" in problems
    assert f"/contests/{contest_id}/problems/A" not in problems
    before = db.session.scalar(select(Submission.id).order_by(Submission.id.desc()))
    client.post(f"/contests/{contest_id}/problems/A/submit", data={"language": "python", "source": SUM})
    assert db.session.scalar(select(Submission.id).order_by(Submission.id.desc())) == before  # nothing stored

    _as(client, auth, "org")
    assert client.post(f"/contests/{contest_id}/manage/disqualified/{copied['dung']}/reinstate").status_code == 302
    assert row_of(Registration, copied["dung"]).disqualified_reason is None
    assert _ranks(contest, True)[0] == (1, "Phạm Văn Dũng")
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "registration")).all()
    assert {"programming.disqualify", "programming.reinstate"} <= set(actions)


def test_disqualifying_needs_a_reason_and_the_organiser(
    client: FlaskClient, auth: AuthActions, copied: dict[str, int]
) -> None:
    contest_id = copied["contest"]
    _as(client, auth, "em")
    assert client.get(f"/contests/{contest_id}/manage/disqualified").status_code == 403
    assert client.post(f"/contests/{contest_id}/manage/disqualified/{copied['dung']}/reinstate").status_code == 403
    _as(client, auth, "org")
    refused = client.post(
        f"/contests/{contest_id}/manage/disqualified", data={"who": str(copied["dung"]), "reason": " "}
    )
    assert refused.status_code == 200 and "Hãy ghi lý do loại thí sinh" in refused.get_data(as_text=True)
    assert row_of(Registration, copied["dung"]).disqualified_reason is None
    assert client.post(f"/contests/{contest_id}/manage/disqualified/999999/reinstate").status_code == 404


def test_no_disqualification_while_the_results_are_published(
    client: FlaskClient, auth: AuthActions, copied: dict[str, int]
) -> None:
    """Dũng's First prize was published; disqualifying him then took him off the public board while his award and
    certificate stayed and Em never moved up. Refused while published; withdrawn, decided, published again: Em's."""
    contest = row_of(Contest, copied["contest"])
    contest.submission_closes = utcnow()  # closed just now, after the submissions
    organiser = row_of(User, copied["org"])
    results_awards.set_rules(db.session, organiser, contest, None, [results_awards.RuleSpec(FIRST, quota_count=1)])
    grading_admin.publish_results(db.session, organiser, contest)
    db.session.commit()
    base = f"/contests/{copied['contest']}/manage"
    _as(client, auth, "org")
    refused = client.post(f"{base}/disqualified", data={"who": str(copied["dung"]), "reason": "Chép bài"})
    assert "Kết quả đã được công bố: hãy rút lại kết quả trước khi loại" in refused.get_data(as_text=True)
    assert row_of(Registration, copied["dung"]).disqualified_reason is None
    assert [(a.registration_id, a.level) for a in awards.published(db.session, contest)[0].awards] == [
        (copied["dung"], FIRST)
    ]

    assert client.post(f"{base}/withdraw").status_code == 302
    again = client.post(f"{base}/disqualified", data={"who": str(copied["dung"]), "reason": "Chép bài"})
    assert again.status_code == 302
    published = client.post(f"{base}/publish", data={"confirm": "y"}, follow_redirects=True).get_data(as_text=True)
    assert "Kết quả đã được công bố." in published
    db.session.expire_all()
    assert [(a.registration_id, a.level) for a in awards.published(db.session, contest)[0].awards] == [
        (copied["em"], FIRST)
    ]
    reinstating = client.post(f"{base}/disqualified/{copied['dung']}/reinstate", follow_redirects=True)
    assert "Kết quả đã được công bố" in reinstating.get_data(as_text=True)
    assert row_of(Registration, copied["dung"]).disqualified_reason == "Chép bài"


def test_the_themis_contest_folder_leaves_a_disqualified_contestant_out_as_the_board_does(
    copied: dict[str, int],
) -> None:
    """The results sheet left Dũng out, but the Themis contest folder still held his program: graded again in
    Themis it ranked him first, and the two exports of one contest disagreed."""
    contest = row_of(Contest, copied["contest"])
    organiser = row_of(User, copied["org"])
    disqualification.disqualify(db.session, organiser.id, contest, row_of(Registration, copied["dung"]), "Chép bài")
    db.session.commit()
    with zipfile.ZipFile(io.BytesIO(exporting.folder_zip(db.session, contest))) as folder:
        logins = sorted({name.split("/")[0] for name in folder.namelist()})
    assert logins == ["em", "giang"]
    sheet = load_workbook(io.BytesIO(exporting.results_workbook(db.session, contest))).active
    assert sheet is not None
    assert sorted(str(row[1]) for row in list(sheet.iter_rows(values_only=True))[1:]) == logins
