"""Concurrent first saves of one score sheet (a judge's double click, two tabs): each in its own database session
and transaction, started together. Every save succeeds and the entry ends with one sheet, holding one save's
scores whole."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import CriterionScore, Entry, ScoreSheet, User
from app.services.reviews import assignment, score_sheets
from tests.builders import row_of

from .reviews_helpers import review_world

SAVES = 6
ROUNDS = 4


def test_concurrent_first_saves_of_a_sheet_end_with_one_sheet_and_no_fault(app: Flask) -> None:
    world = review_world(judges=2, entries=ROUNDS)
    judge_id = world.judges[1].id
    for entry in world.entries:
        assignment.add(db.session, world.organiser, entry, judge_id)
    criteria = [c.id for c in world.rubric.criteria]
    entry_ids = [e.id for e in world.entries]
    db.session.commit()

    def save(entry_id: int, n: int, start: threading.Barrier) -> str:
        with app.app_context():  # a session (and a connection) of its own
            judge, entry = row_of(User, judge_id), row_of(Entry, entry_id)
            typed = {cid: (str(n), f"lần {n}") for cid in criteria}
            start.wait()
            try:
                score_sheets.save(db.session, judge, entry, typed, f"lần {n}")
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                return repr(error)
            finally:
                db.session.remove()
            return "saved"

    with ThreadPoolExecutor(SAVES) as pool:
        for entry_id in entry_ids:
            start = threading.Barrier(SAVES)
            outcomes = list(pool.map(lambda n, e=entry_id, b=start: save(e, n, b), range(1, SAVES + 1)))
            assert outcomes == ["saved"] * SAVES

    db.session.expire_all()
    for entry_id in entry_ids:
        (sheet,) = db.session.scalars(select(ScoreSheet).where(ScoreSheet.entry_id == entry_id)).all()
        points = {s.points for s in sheet.scores}
        assert len(sheet.scores) == len(criteria) and len(points) == 1  # one save's scores, whole
        assert sheet.overall_comment == f"lần {int(points.pop() or Decimal(0))}"
    assert db.session.scalar(select(func.count()).select_from(CriterionScore)) == ROUNDS * len(criteria)
