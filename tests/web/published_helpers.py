"""What the tests of Section 8 after approval share (test_published_texts.py, test_published_problems.py): an
advert to publish, the running contest's rows, reading a refusal in Vietnamese, and a worker on the screening queue."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from rq.serializers import JSONSerializer
from sqlalchemy import func, select

from app.extensions import db
from app.grading.worker import JudgeWorker
from app.models import Contest, User
from app.queue import connection, screening_queue
from app.services.errors import InvalidInput
from tests.builders import row_of

ADVERT = "Giải thưởng do Samsung tài trợ, thí sinh phải cài ứng dụng MoMo để nhận thông báo kết quả."


def contest_of(world: dict[str, int]) -> Contest:
    return row_of(Contest, world["contest"])


def organiser_of(world: dict[str, int]) -> User:
    return row_of(User, world["organiser"])


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def refused_in_vietnamese(call: Any) -> str:
    """The Vietnamese message of the InvalidInput ``call`` raises; the session rolled back as a view does."""
    with pytest.raises(InvalidInput) as refused:
        call()
    db.session.rollback()
    with force_locale("vi"):
        return str(refused.value.message)


def run_screening_worker(app: Flask) -> None:
    """Our worker (``hoithi worker``'s class) on the screening queue, in real Redis, until the queue is empty."""
    JudgeWorker([screening_queue(app)], connection=connection(app), serializer=JSONSerializer).work(burst=True)
