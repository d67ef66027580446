"""An offline lab round end to end with the real judge: the province's round exported, imported by the lab's own
hoithi (its own database and store), two contestants submitting there through the contest's rules, their programs
graded in the bubblewrap sandbox by the lab, the signed results bundle imported back at the province with the
lab's verdicts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import Contest, Submission, User
from app.queue import judge_queue
from app.services.programming import contestant
from app.services.programming.lab import bundle_import, lab_setup, package, results
from app.timeutil import utcnow
from submissions.store import LocalStore

from ..lab_helpers import _lab_app, lab_app, province

__all__ = ["_lab_app", "lab_app", "province"]

pytestmark = pytest.mark.slow  # programs graded in a real sandbox

RIGHT = b"print(sum(map(int, input().split())))\n"
WRONG = b"print(0)\n"


def test_a_lab_round_judged_in_the_lab_comes_back_with_its_verdicts(app, lab_app, province, backend, tmp_path):
    organiser = db.session.get(User, province["organiser"])
    issued = package.export_package(
        db.session,
        LocalStore(app.config["STORAGE_DIR"]),
        organiser,
        db.session.get(Contest, province["contest"]),
        tmp_path / "lab.zip",
    )
    db.session.commit()

    lab_app.config["SANDBOX"] = "bwrap"
    with lab_app.app_context():
        contest = lab_setup.import_package(db.session, LocalStore(lab_app.config["STORAGE_DIR"]), tmp_path / "lab.zip")
        db.session.commit()
        queue = judge_queue(lab_app)
        queue.connection.flushdb()
        try:
            ids = []
            for login, source in (("an", RIGHT), ("binh", WRONG)):
                user = db.session.scalars(select(User).where(User.username == login)).one()
                ids.append(contestant.submit(db.session, queue, contest, user, "A", source, "python"))
            for submission_id in ids:
                assert grade_submission(submission_id) == "graded"
        finally:
            queue.connection.flushdb()
        db.session.expire_all()
        graded = [db.session.get(Submission, i) for i in ids]
        in_lab = [(s.verdict, s.score, [(t.verdict, t.time_ms, t.score) for t in s.tests]) for s in graded]
        assert in_lab[0][:2] == ("AC", 100.0)
        assert in_lab[1][0] == "WA" and len(in_lab[1][2]) == 5
        contest.submission_closes = utcnow() - timedelta(seconds=1)
        db.session.commit()
        bundle = results.export_results(db.session, contest, tmp_path / "results.zip")
        db.session.remove()

    imported = bundle_import.import_results(
        db.session, organiser, db.session.get(Contest, province["contest"]), tmp_path / "results.zip"
    )
    db.session.commit()
    assert (imported.submissions, imported.fingerprint) == (2, bundle.fingerprint)
    rows = db.session.scalars(select(Submission).order_by(Submission.id)).all()
    assert [r.user_id for r in rows] == [issued.package.logins["an"], issued.package.logins["binh"]]
    assert [(r.verdict, r.score, [(t.verdict, t.time_ms, t.score) for t in r.tests]) for r in rows] == in_lab
