"""A contest of several boards (Bảng B, C …): each board is ranked apart on the scoreboard, as its awards are."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.extensions import db
from app.models import Contest, Registration
from app.services.programming.themis_folders import exporting

from ...builders import present
from ...factories import CategoryFactory
from .helpers import _board, _contestant, _problem, _settings, _submit


def test_each_board_is_ranked_apart(client: FlaskClient, contest: Contest) -> None:
    """Bảng C's best (250) was ranked 2nd on one list with Bảng B's 300, and its second (100) 4th, while the
    awards and certificates rank each board apart: the first of Bảng C read "3" on the scoreboard and "Xếp hạng 1"
    on the certificate."""
    _settings(contest)
    board_b = CategoryFactory(contest=contest, code="B", name="Bảng B")
    board_c = CategoryFactory(contest=contest, code="C", name="Bảng C")
    a = _problem(contest, "A", max_score=300)
    people = {
        name: (_contestant(contest, name), category)
        for name, category in (("Bảo", board_b), ("Cường", board_c), ("Bích", board_b), ("Chi", board_c))
    }
    for (user, category), points in zip(people.values(), (300, 250, 200, 100), strict=True):
        registration = db.session.query(Registration).filter_by(contest_id=contest.id, registered_by_id=user.id).one()
        registration.category_id = category.id
        _submit(user, a, 10, points, "WA")
    db.session.commit()
    rows = _board(contest).rows
    assert [(r.board_name, r.rank, r.name) for r in rows] == [
        ("Bảng B", 1, "Bảo"),
        ("Bảng B", 2, "Bích"),
        ("Bảng C", 1, "Cường"),
        ("Bảng C", 2, "Chi"),
    ]
    page = client.get(f"/contests/{contest.id}/scoreboard").get_data(as_text=True)
    assert page.index("Bảng B") < page.index("Bảo") < page.index("Bảng C") < page.index("Cường")
    workbook = load_workbook(io.BytesIO(client.get(f"/contests/{contest.id}/scoreboard.xlsx").data))
    table = [row[:3] for row in present(workbook.active).iter_rows(min_row=3, values_only=True)]
    assert table == [
        ("Hạng", "Bảng thi", "Thí sinh"),
        (1, "Bảng B", "Bảo"),
        (2, "Bảng B", "Bích"),
        (1, "Bảng C", "Cường"),
        (2, "Bảng C", "Chi"),
    ]
    themis = present(load_workbook(io.BytesIO(exporting.results_workbook(db.session, contest))).active)
    assert [row[-2:] for row in themis.iter_rows(values_only=True)][1:] == [
        (1, "Bảng B"),
        (2, "Bảng B"),
        (1, "Bảng C"),
        (2, "Bảng C"),
    ]
