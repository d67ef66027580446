"""Filtering the scoreboard by school and by district: rows keep their overall ranks."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.models import Contest, Unit
from tests.web.scoreboard.conftest import Running

from ...factories import DistrictFactory, SchoolFactory
from .helpers import _board, _by_name, _contestant, _problem, _submit


def test_filters_by_school_and_district_keep_overall_ranks(contest: Contest, department: Unit) -> None:
    north = DistrictFactory(name="Phòng GD&ĐT Bắc", parent=department)
    south = DistrictFactory(name="Phòng GD&ĐT Nam", parent=department)
    north_a = SchoolFactory(name="THCS Bắc A", parent=north)
    north_b = SchoolFactory(name="THCS Bắc B", parent=north)
    south_a = SchoolFactory(name="THCS Nam A", parent=south)
    high = SchoolFactory(name="THPT Chuyên", parent=department)  # directly under the Sở: no district
    a = _problem(contest, "A")
    for name, unit, score in (("An", high, 90), ("Bình", north_a, 80), ("Chi", south_a, 70), ("Dũng", north_b, 60)):
        _submit(_contestant(contest, name, unit), a, 10, score, "WA")

    board = _board(contest)
    assert board.units == [
        (north_a.id, "THCS Bắc A"),
        (north_b.id, "THCS Bắc B"),
        (south_a.id, "THCS Nam A"),
        (
            high.id,
            "THPT Chuyên",
        ),
    ]
    assert board.districts == [(north.id, "Phòng GD&ĐT Bắc"), (south.id, "Phòng GD&ĐT Nam")]
    assert _by_name(board)["An"].district_name is None
    assert [(r.name, r.rank) for r in _board(contest, unit_id=south_a.id).rows] == [("Chi", 3)]
    by_district = _board(contest, district_id=north.id)
    assert [(r.name, r.rank, r.district_name) for r in by_district.rows] == [
        ("Bình", 2, "Phòng GD&ĐT Bắc"),
        ("Dũng", 4, "Phòng GD&ĐT Bắc"),
    ]
    assert by_district.units == board.units  # the filter's choices stay whole


def test_the_page_filters_by_unit(client: FlaskClient, running: Running) -> None:
    url = f"/contests/{running['contest'].id}/scoreboard?unit={running['school_2'].id}"
    page = client.get(url).get_data(as_text=True)
    assert "Trần Thị Bình" in page and "Nguyễn Văn An" not in page
    assert client.get(f"/contests/{running['contest'].id}/scoreboard?unit=abc").status_code == 200
