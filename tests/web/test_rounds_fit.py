"""Nominees fit the round they move into (``services.contests.next_round_fit``): each keeps its category by code,
and the next round's category of that code must take its pupils' grades, as registering there would; one that does
not fit refuses the whole batch, naming every such pupil, before anything is written."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import Category, Contest, Entry, Nomination, NominationMethod, Registration, Role
from app.services.contests import cancelling, progression
from app.services.contests.progression import Choice
from app.services.errors import InvalidInput

from .. import builders
from .rounds_helpers import programming_rounds, rounds

RANK = NominationMethod.RANK


def _carried(target: Contest) -> tuple[int, int, int]:
    """What is in ``target`` now (entries, registrations) and how many nominations exist, without a rollback: a
    refusal must have written nothing, not merely left it to the caller to roll back."""
    db.session.flush()
    return (
        db.session.scalar(select(func.count()).where(Entry.contest_id == target.id)) or 0,
        db.session.scalar(select(func.count()).where(Registration.contest_id == target.id)) or 0,
        db.session.scalar(select(func.count()).select_from(Nomination)) or 0,
    )


def _grades(category: Category, low: int, high: int) -> None:
    category.grades_from, category.grades_to = low, high


def test_entries_whose_authors_are_of_other_grades_move_nowhere_and_each_is_named(app: Flask) -> None:
    world = rounds()
    _grades(world.province.categories[0], 6, 9)
    authors = [e.authors[0].user for e in world.entries]
    authors[0].class_name, authors[1].class_name, authors[2].class_name = "8A", "10A1", None
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        progression.nominate(
            db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=3)
        )
    message = str(refused.value.message)
    assert message.startswith("Chưa chuyển ai lên Hội thi Sáng tạo cấp tỉnh")
    assert f"{authors[1].full_name} ({world.entries[1].code}" in message and "học lớp 10A1" in message
    assert f"{authors[2].full_name} ({world.entries[2].code}" in message and "chưa có lớp" in message
    assert "các khối 6-9" in message and authors[0].full_name not in message  # the one who fits is not named
    assert _carried(world.province) == (0, 0, 0)  # the first, who fits, did not move alone

    authors[1].class_name, authors[2].class_name = "9B", "Lớp 6C"
    made = progression.nominate(
        db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=3)
    )
    assert len(made) == 3 and _carried(world.province) == (3, 0, 3)


def test_a_programming_contestant_of_another_grade_is_refused_with_the_whole_batch(app: Flask) -> None:
    world = programming_rounds()
    _grades(world.province.categories[0], 6, 9)
    world.best.class_name, world.second.class_name = "9A", "10 Toán"
    db.session.commit()
    with pytest.raises(InvalidInput, match=r"Quàng Thị Bình .* học lớp 10 Toán, mà bảng/nhóm B ở vòng đó"):
        progression.nominate(db.session, world.organiser, world.district, world.province.id, Choice(RANK, count=2))
    assert _carried(world.province) == (0, 0, 0)
    (made,) = progression.nominate(
        db.session, world.organiser, world.district, world.province.id, Choice(RANK, count=1)
    )
    carried = db.session.get(Registration, made.carried_registration_id)
    assert carried is not None and carried.category is not None and carried.category.code == "B"


def test_a_category_the_next_round_lacks_refuses_every_entrant_in_it(app: Flask) -> None:
    world = rounds()
    world.province.categories[0].code = "THPT"
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        progression.nominate(
            db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=2)
        )
    message = str(refused.value.message)
    assert "thuộc bảng/nhóm THCS, mà vòng đó không có bảng/nhóm này (chỉ có THPT)" in message
    assert world.entries[0].code in message and world.entries[1].code in message
    assert _carried(world.province) == (0, 0, 0)


def test_an_entrant_without_a_category_is_refused_where_the_next_round_has_some(app: Flask) -> None:
    world = programming_rounds()
    registration = db.session.scalars(
        select(Registration).where(Registration.contest_id == world.district.id, Registration.category_id.is_not(None))
    ).first()
    assert registration is not None
    registration.category_id = None
    db.session.commit()
    with pytest.raises(InvalidInput, match="không thuộc bảng/nhóm nào, mà mỗi thí sinh ở vòng đó phải thuộc"):
        progression.nominate(db.session, world.organiser, world.district, world.province.id, Choice(RANK, count=2))
    assert _carried(world.province) == (0, 0, 0)


def test_a_next_round_without_categories_takes_everyone_without_one(app: Flask) -> None:
    """Pins what was already so: no category there, no grade rule, nobody refused for their class."""
    world = rounds()
    for category in list(world.province.categories):
        db.session.delete(category)
    world.entries[0].authors[0].user.class_name = "12A"
    db.session.commit()
    db.session.refresh(world.province)
    (made,) = progression.nominate(
        db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=1)
    )
    carried = db.session.get(Entry, made.carried_entry_id)
    assert carried is not None and carried.category_id is None


def test_a_registration_carried_by_a_nomination_is_withdrawn_by_the_organisers_not_cancelled(app: Flask) -> None:
    """The school's coordinator cancelled a nominee's registration in the provincial round (its registration still
    open): the nomination stayed, pointing at nothing, and the nominee could not be nominated again."""
    world = programming_rounds()
    coordinator = builders.person("dp", world.school, Role.COORDINATOR)
    (made,) = progression.nominate(
        db.session, world.organiser, world.district, world.province.id, Choice(RANK, count=1)
    )
    carried = db.session.get(Registration, made.carried_registration_id)
    assert carried is not None
    for who in (coordinator, world.best):
        with pytest.raises(InvalidInput, match="hãy đề nghị họ rút tên khỏi danh sách lên vòng sau"):
            cancelling.cancel(db.session, who, carried)
    assert _carried(world.province) == (0, 1, 1)
