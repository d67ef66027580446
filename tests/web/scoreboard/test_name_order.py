"""Schools and districts in the lists organisers choose from go the Vietnamese way, word by word from the first,
numbers by value: "THCS số 9" before "THCS số 10", "Dương Xá" before "Đống Đa" before "số 2"."""

from __future__ import annotations

from app.extensions import db
from app.models import Contest, Registration, Unit
from app.services.programming import extra_time

from ...factories import DistrictFactory, SchoolFactory, UserFactory
from .helpers import _board, _contestant, _problem, _register, _submit


def test_the_boards_school_and_district_choices_go_the_vietnamese_way(contest: Contest, department: Unit) -> None:
    """They were sorted by code point: "số 10" before "số 9", and every "Đ" after "Z"."""
    districts = [DistrictFactory(name=n, parent=department) for n in ("Phòng GD&ĐT Đức Trọng", "Phòng GD&ĐT Di Linh")]
    names = ["THCS số 10", "THCS Đống Đa", "THCS số 9", "THCS Dương Xá", "THCS số 2 Bảo Lộc"]
    for i, name in enumerate(names):
        _contestant(contest, f"Học sinh {i}", SchoolFactory(name=name, parent=districts[i % 2]))
    _problem(contest, "A")
    board = _board(contest)
    assert [name for _id, name in board.units] == [
        "THCS Dương Xá",
        "THCS Đống Đa",
        "THCS số 2 Bảo Lộc",
        "THCS số 9",
        "THCS số 10",
    ]
    assert [name for _id, name in board.districts] == ["Phòng GD&ĐT Di Linh", "Phòng GD&ĐT Đức Trọng"]


def test_extra_time_choices_go_by_the_entrants_name_not_the_last_word_of_their_school(contest: Contest) -> None:
    """The label "Lê Chi (THCS Đống Đa)" was sorted as a person's name: by its last word, the school's "Đa)"."""
    _contestant(contest, "Lê Chi", SchoolFactory(name="THCS Đống Đa"))
    _contestant(contest, "Trần Bình", SchoolFactory(name="THCS Lê Lợi"))
    _contestant(contest, "Phạm Bình", SchoolFactory(name="THCS số 10"))
    _contestant(contest, "Phạm Bình", SchoolFactory(name="THCS số 9"))
    db.session.flush()
    registrations = list(db.session.query(Registration).filter_by(contest_id=contest.id))
    assert [label for _value, label in extra_time.entrant_choices(registrations)] == [
        "Phạm Bình (THCS số 9)",
        "Phạm Bình (THCS số 10)",
        "Trần Bình (THCS Lê Lợi)",
        "Lê Chi (THCS Đống Đa)",
    ]


def test_tied_teams_go_by_their_names_from_the_first_word(contest: Contest) -> None:
    """A team's name is not a person's: "Đội Sao Mai" was placed by its last word ("Mai" before "Minh"), after
    "Đội Bình Minh" only by luck of the words; the awards' list and the organisers' choices followed it."""
    a = _problem(contest, "A")
    school = SchoolFactory()
    teams = {}
    for team, names in (("Đội Sao Mai", ("An", "Bảo")), ("Đội Bình Minh", ("Chi", "Dũng")), ("Đội 10", ("Hà",))):
        members = [UserFactory(full_name=n, unit=school) for n in names]
        teams[team] = _register(contest, *members, team_name=team)
        _submit(members[0], a, 10, 50, "WA")
    board = _board(contest)
    assert [(r.rank, r.name) for r in board.rows] == [(1, "Đội 10"), (1, "Đội Bình Minh"), (1, "Đội Sao Mai")]
    assert [r.name for r in sorted(board.rows, key=lambda r: r.name_order)] == [r.name for r in board.rows]
    choices = extra_time.entrant_choices(teams.values())
    assert [label.split(" (")[0] for _value, label in choices] == ["Đội 10", "Đội Bình Minh", "Đội Sao Mai"]
