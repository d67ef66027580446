"""Rounds that feed one another (issue 16, item 1): which round a round may feed, nominating by rank, award, quota
per unit or by hand once results are published, entries carried over by reference, each nominee moved once, and
the next round's organisers seeing where each came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEntry,
    AwardLevel,
    ContestKind,
    ContestRound,
    Entry,
    EntryFile,
    Nomination,
    NominationMethod,
    Registration,
    ScoreSheet,
    Submission,
)
from app.services.contests import progression, round_links
from app.services.contests.progression import Choice
from app.services.errors import InvalidInput, NotAllowed
from app.services.programming import grading_admin
from app.services.results import awards, publication
from app.services.reviews import score_sheets

from .. import builders
from ..factories import DistrictFactory
from .results_helpers import judge_of
from .rounds_helpers import programming_rounds, rounds

RANK = NominationMethod.RANK


def _store_objects() -> int:
    return sum(1 for p in Path(current_app.config["STORAGE_DIR"]).glob("??/*") if p.is_file())


def test_a_round_feeds_only_a_later_round_of_its_kind_organised_above_it(app: Flask) -> None:
    world = rounds(link=False)
    set_next = round_links.set_next_round
    other_office = DistrictFactory(parent=world.department)
    elsewhere = builders.contest(ContestKind.CREATIVITY, other_office, round=ContestRound.PROVINCE)
    other_kind = builders.contest(ContestKind.ELEARNING, world.department, round=ContestRound.PROVINCE)
    earlier = builders.contest(ContestKind.CREATIVITY, world.schools[0], round=ContestRound.SCHOOL)
    refusals = {
        world.district.id: "không thể chuyển thí sinh vào chính nó",
        other_kind.id: "cùng loại",
        earlier.id: "vòng cao hơn",
        elsewhere.id: "đơn vị cấp trên",
    }
    for target_id, words in refusals.items():
        with pytest.raises(InvalidInput, match=words):
            set_next(db.session, world.district_organiser, world.district, next_contest_id=target_id)
    with pytest.raises(InvalidInput, match="ghi tên vòng thi ngoài"):
        set_next(db.session, world.district_organiser, world.district, next_contest_id=None, outside_name="  ")
    with pytest.raises(NotAllowed):  # the next round's organisers do not decide what feeds them
        set_next(db.session, world.province_organiser, world.district, next_contest_id=world.province.id)
    assert round_links.link_of(db.session, world.district) is None
    assert round_links.candidates(db.session, world.district) == [world.province]

    set_next(db.session, world.district_organiser, world.district, next_contest_id=world.province.id)
    assert round_links.feeders(db.session, world.province) == [world.district]
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "round.link")) == 1


def test_nominees_by_rank_move_on_with_their_entries_by_reference(app: Flask) -> None:
    world = rounds()
    objects = _store_objects()
    made = progression.nominate(
        db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=2)
    )
    assert [n.entry_id for n in made] == [world.entries[0].id, world.entries[1].id]
    carried = [db.session.get(Entry, n.carried_entry_id) for n in made]
    for origin, entry in zip(world.entries, carried, strict=False):
        assert entry is not None and entry.contest_id == world.province.id
        assert entry.code != origin.code and entry.code.startswith("ST-")
        assert entry.title == origin.title and entry.unit_id == origin.unit_id
        assert entry.category is not None and entry.category.contest_id == world.province.id
        assert [a.user_id for a in entry.authors] == [a.user_id for a in origin.authors]
        # every version, the same blobs: earlier versions stay earlier
        assert [(f.sha256, f.superseded_at is None) for f in entry.files] == [
            (f.sha256, f.superseded_at is None) for f in origin.files
        ]
        assert [f.original_name for f in entry.current_files] == ["thuyet_minh.pdf", "anh.png"]
    assert _store_objects() == objects  # nothing copied
    assert db.session.scalar(select(func.count()).select_from(EntryFile)) == 9 + 6

    seen = progression.arrivals(db.session, world.province)
    assert [(n.from_contest.title, n.rank, n.award) for n in seen] == [
        ("Hội thi Sáng tạo cấp huyện", 1, AwardLevel.FIRST),
        ("Hội thi Sáng tạo cấp huyện", 2, AwardLevel.SECOND),
    ]
    moves = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.nominate")))
    assert [m.data["carried_entry"] for m in moves] == [e.id for e in carried if e is not None]
    assert {m.data["to"] for m in moves} == {world.province.id}


def test_a_nominee_moves_on_once(app: Flask) -> None:
    world = rounds()
    nominate = progression.nominate
    nominate(db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=1))
    db.session.commit()
    again = Choice(NominationMethod.HAND, keys=[f"e{world.entries[0].id}", f"e{world.entries[2].id}"], reason="x")
    with pytest.raises(InvalidInput, match="chỉ được chuyển lên một lần") as refused:
        nominate(db.session, world.district_organiser, world.district, world.province.id, again)
    assert world.entries[0].code in str(refused.value.message)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 1
    assert db.session.scalar(select(func.count()).where(Entry.contest_id == world.province.id)) == 1


def test_a_round_that_does_not_feed_the_target_is_refused(app: Flask) -> None:
    world = rounds()
    stranger = builders.contest(ContestKind.CREATIVITY, world.department, round=ContestRound.PROVINCE, title="Khác")
    unlinked = rounds(link=False, tag="2")
    db.session.commit()
    feeds_another = "không chuyển thí sinh lên Khác: vòng tiếp theo của nó là Hội thi Sáng tạo cấp tỉnh"
    with pytest.raises(InvalidInput, match=feeds_another):
        progression.nominate(db.session, world.district_organiser, world.district, stranger.id, Choice(RANK, count=1))
    with pytest.raises(InvalidInput, match="không chuyển thí sinh lên một vòng thi ngoài hệ thống hoithi"):
        progression.nominate(db.session, world.district_organiser, world.district, None, Choice(RANK, count=1))
    with pytest.raises(InvalidInput, match="chưa chọn vòng tiếp theo"):
        progression.nominate(
            db.session, unlinked.district_organiser, unlinked.district, unlinked.province.id, Choice(RANK, count=1)
        )
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0
    assert db.session.scalar(select(func.count()).where(Entry.contest_id == world.province.id)) == 0


def test_by_award_by_quota_per_unit_and_by_hand_with_a_reason(app: Flask) -> None:
    world = rounds()
    rows = progression.standings(db.session, world.district)
    pick = progression.choose
    assert [r.entry for r in pick(rows, Choice(NominationMethod.AWARD, levels=[AwardLevel.SECOND]))] == [
        world.entries[1]
    ]
    # one per school: the best of the first school, and the only one of the second
    assert [r.entry for r in pick(rows, Choice(NominationMethod.UNIT_QUOTA, count=1))] == [
        world.entries[0],
        world.entries[2],
    ]
    by_hand = Choice(NominationMethod.HAND, keys=[f"e{world.entries[2].id}"])
    with pytest.raises(InvalidInput, match="lý do"):
        progression.nominate(db.session, world.district_organiser, world.district, world.province.id, by_hand)
    with pytest.raises(InvalidInput, match="từ 1 đến 1000"):
        progression.nominate(db.session, world.district_organiser, world.district, world.province.id, Choice(RANK))
    (made,) = progression.nominate(
        db.session,
        world.district_organiser,
        world.district,
        world.province.id,
        Choice(NominationMethod.HAND, keys=by_hand.keys, reason="Sản phẩm có tính ứng dụng cao"),
    )
    assert (made.method, made.reason, made.rank, made.award) == (
        NominationMethod.HAND,
        "Sản phẩm có tính ứng dụng cao",
        3,
        None,
    )


def test_only_the_feeding_rounds_staff_nominate_and_only_after_publication(app: Flask) -> None:
    world = rounds()
    with pytest.raises(NotAllowed):
        progression.nominate(
            db.session, world.province_organiser, world.district, world.province.id, Choice(RANK, count=1)
        )
    unpublished = builders.contest(ContestKind.CREATIVITY, world.office, closed=True, round=ContestRound.DISTRICT)
    round_links.set_next_round(db.session, world.district_organiser, unpublished, next_contest_id=world.province.id)
    with pytest.raises(InvalidInput, match="khi kết quả đã được công bố"):
        progression.nominate(
            db.session, world.district_organiser, unpublished, world.province.id, Choice(RANK, count=1)
        )


def test_nominees_are_not_chosen_from_results_changed_since_their_publication(app: Flask) -> None:
    """A sheet of the published winner reopened: the live ranking drops it, so "the first one" became the runner-up
    while the published First prize stayed the winner's. Nominating now waits for the results to be published
    again, and then follows them."""
    world = rounds()
    head = judge_of(world.district, head=True, unit=world.department)  # not over the entries' schools
    winner = world.entries[0]
    reopened = db.session.scalars(select(ScoreSheet).where(ScoreSheet.entry_id == winner.id)).first()
    assert reopened is not None
    score_sheets.reopen(db.session, head, reopened, "Nhập nhầm điểm")
    with pytest.raises(InvalidInput, match="công bố lại"):
        progression.nominate(
            db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=1)
        )
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0
    score_sheets.save(
        db.session, reopened.judge, winner, {s.criterion_id: ("22", "") for s in reopened.scores}, "", submit=True
    )  # 88 and 90: still the best
    publication.publish(db.session, world.district_organiser, world.district)
    (made,) = progression.nominate(
        db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=1)
    )
    assert (made.entry_id, made.rank, made.award) == (winner.id, 1, AwardLevel.FIRST)


def test_programming_nominees_are_not_chosen_from_awards_changed_since_their_publication(app: Flask) -> None:
    """A rejudge after publication lifted the runner-up to 100, level with the winner: the board (live once
    published) ranks both first and the rules would give both the First prize, but only one holds it as published.
    Nominating waits for the awards to be published again."""
    world = programming_rounds()
    first = awards.RuleSpec(AwardLevel.FIRST, quota_count=1)
    awards.set_rules(db.session, world.organiser, world.district, None, [first])
    grading_admin.publish_results(db.session, world.organiser, world.district)
    rejudged = db.session.scalars(select(Submission).where(Submission.user_id == world.second.id)).one()
    rejudged.score, rejudged.verdict = 100.0, "AC"
    db.session.flush()
    with pytest.raises(InvalidInput, match="công bố lại"):
        progression.nominate(
            db.session,
            world.organiser,
            world.district,
            world.province.id,
            Choice(NominationMethod.AWARD, levels=[AwardLevel.FIRST]),
        )
    grading_admin.publish_results(db.session, world.organiser, world.district)
    made = progression.nominate(
        db.session,
        world.organiser,
        world.district,
        world.province.id,
        Choice(NominationMethod.AWARD, levels=[AwardLevel.FIRST]),
    )
    assert sorted((n.rank, n.score, n.award) for n in made) == [(1, 100, AwardLevel.FIRST)] * 2


def test_the_link_no_longer_changes_once_nominees_moved(app: Flask) -> None:
    world = rounds()
    progression.nominate(db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=1))
    with pytest.raises(InvalidInput, match="không thể đổi vòng tiếp theo"):
        round_links.set_next_round(
            db.session, world.district_organiser, world.district, next_contest_id=None, outside_name="Toàn quốc"
        )


def test_a_programming_board_moves_its_team_members_and_supervisor(app: Flask) -> None:
    world = programming_rounds(supervisor=True)
    district, province, organiser, best = world.district, world.province, world.organiser, world.best

    (made,) = progression.nominate(db.session, organiser, district, province.id, Choice(RANK, count=1))
    carried = db.session.get(Registration, made.carried_registration_id)
    assert carried is not None and carried.contest_id == province.id
    assert [m.user_id for m in carried.members] == [best.id]
    assert carried.category is not None and carried.category.code == "B"
    assert world.supervisor is not None and carried.supervisor_id == world.supervisor.id
    assert (made.rank, made.score) == (1, 100)
    assert made.registration_id is not None and made.entry_id is None


def test_an_entry_is_refused_when_its_author_is_already_in_the_next_round(app: Flask) -> None:
    world = rounds()
    author = world.entries[0].authors[0].user
    builders.register(world.province, author, category=world.province.categories[0])
    with pytest.raises(InvalidInput, match="đã có tên trong Hội thi Sáng tạo cấp tỉnh"):
        progression.nominate(
            db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=1)
        )


def test_a_category_the_next_round_lacks_is_refused_by_its_code(app: Flask) -> None:
    world = rounds()
    world.province.categories[0].code = "THPT"
    db.session.commit()
    refused = r"Chưa chuyển ai lên Hội thi Sáng tạo cấp tỉnh: .* thuộc bảng/nhóm THCS, mà vòng đó không có"
    with pytest.raises(InvalidInput, match=refused):
        progression.nominate(
            db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=1)
        )
    db.session.rollback()
    assert db.session.scalar(select(func.count()).where(Entry.contest_id == world.province.id)) == 0
    assert db.session.scalar(select(func.count()).where(Entry.contest_id == world.district.id)) == 3
