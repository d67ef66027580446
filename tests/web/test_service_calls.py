"""A view's service call: a refused one leaves nothing behind and says why; an accepted one is kept and said."""

from flask import Flask, get_flashed_messages

from app.extensions import db
from app.models import Unit
from app.service_calls import Committed, commit_or_refuse
from app.services.errors import InvalidInput

from ..factories import DepartmentFactory


def test_a_refused_action_is_rolled_back_and_its_reason_flashed_as_an_error(app: Flask) -> None:
    def refused() -> None:
        DepartmentFactory()
        raise InvalidInput("Không thể lưu.")

    with app.test_request_context():
        assert commit_or_refuse(refused, "Đã lưu.") is None
        assert get_flashed_messages(with_categories=True) == [("error", "Không thể lưu.")]
    assert db.session.query(Unit).count() == 0


def test_an_accepted_action_is_committed_and_counts_as_done_even_when_it_returns_none(app: Flask) -> None:
    def accepted() -> None:
        DepartmentFactory()

    with app.test_request_context():
        done = commit_or_refuse(accepted, "Đã lưu.")
        assert done == Committed(None) and done
        assert get_flashed_messages(with_categories=True) == [("success", "Đã lưu.")]
    db.session.rollback()  # what was committed stays
    assert db.session.query(Unit).count() == 1


def test_the_action_s_result_is_returned_and_nothing_is_flashed_without_a_message(app: Flask) -> None:
    with app.test_request_context():
        assert commit_or_refuse(lambda: DepartmentFactory(code="SO-HD").code) == Committed("SO-HD")
        assert get_flashed_messages() == []
