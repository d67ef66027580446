"""Withdrawing a nomination (issue 16's leftovers): by the feeding round's staff while the next round has not started
and the nominee has nothing in it, undoing what was carried over, audited; refused with a message otherwise, nothing
changed. On the rounds page (CSRF, staff only) and from ``hoithi rounds nominate|withdraw``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask, current_app
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEntry,
    Contest,
    Entry,
    EntryFile,
    FileKind,
    Nomination,
    NominationMethod,
    Registration,
)
from app.services.contests import progression, round_links, withdrawal
from app.services.contests.progression import Choice
from app.services.errors import InvalidInput, NotAllowed
from app.timeutil import utcnow
from submissions.store import LocalStore
from tests.conftest import AuthActions

from .. import builders
from .rounds_helpers import PDF, Rounds, programming_rounds, rounds
from .scoreboard.helpers import _problem, _submit

RANK = NominationMethod.RANK


def _not_started(contest: Contest) -> None:
    contest.submission_opens = utcnow() + timedelta(days=3)
    contest.submission_closes = utcnow() + timedelta(days=4)


def _nominated(count: int = 2, tag: str = "") -> tuple[Rounds, list[Nomination]]:
    """The rounds world, its provincial round not started, the first ``count`` entries nominated into it."""
    world = rounds(tag=tag)
    _not_started(world.province)
    made = progression.nominate(
        db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=count)
    )
    db.session.commit()
    return world, made


def _counts(world: Rounds) -> tuple[int, int, int]:
    """Nominations, entries of the next round and their file rows."""
    in_province = select(Entry.id).where(Entry.contest_id == world.province.id)
    return (
        db.session.scalar(select(func.count()).select_from(Nomination)) or 0,
        db.session.scalar(select(func.count()).where(Entry.contest_id == world.province.id)) or 0,
        db.session.scalar(select(func.count()).where(EntryFile.entry_id.in_(in_province))) or 0,
    )


def test_a_withdrawn_nominee_loses_what_was_carried_and_may_be_nominated_again(app: Flask) -> None:
    world, made = _nominated()
    first = made[0]
    carried_id = first.carried_entry_id
    assert _counts(world) == (2, 2, 6)

    who = withdrawal.withdraw(db.session, world.district_organiser, world.district, first.id, " không đủ hồ sơ ")
    db.session.commit()
    assert who == f"{world.entries[0].code} – {world.entries[0].title}"
    assert _counts(world) == (1, 1, 3)
    assert db.session.get(Entry, carried_id) is None
    # the blobs stay: the original entry names them
    store = LocalStore(current_app.config["STORAGE_DIR"])
    assert all(store.verify(f.sha256).is_file() for f in world.entries[0].files)
    (entry,) = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.withdraw"))
    assert entry.reason == "không đủ hồ sơ" and entry.actor_id == world.district_organiser.id
    assert entry.data["carried_entry"] == carried_id and entry.data["entry"] == world.entries[0].id

    again = Choice(NominationMethod.HAND, keys=[f"e{world.entries[0].id}"], reason="bổ sung hồ sơ")
    (back,) = progression.nominate(db.session, world.district_organiser, world.district, world.province.id, again)
    assert back.carried_entry_id is not None and _counts(world) == (2, 2, 6)


def test_a_nominee_for_a_round_outside_hoithi_is_withdrawn(app: Flask) -> None:
    world = rounds(link=False)
    round_links.set_next_round(
        db.session, world.district_organiser, world.district, next_contest_id=None, outside_name="Vòng toàn quốc"
    )
    (made,) = progression.nominate(db.session, world.district_organiser, world.district, None, Choice(RANK, count=1))
    assert made.carried_entry_id is None
    who = withdrawal.withdraw(db.session, world.district_organiser, world.district, made.id, "đổi ý")
    assert who.startswith(world.entries[0].code)
    assert progression.nominations_from(db.session, world.district) == []


def test_withdrawing_is_refused_with_a_message_and_changes_nothing(app: Flask) -> None:
    world, made = _nominated()
    first, second = made
    withdraw = withdrawal.withdraw
    organiser = world.district_organiser
    name = world.entries[0].code

    with pytest.raises(InvalidInput, match="Hãy ghi lý do rút tên") as refused:
        withdraw(db.session, organiser, world.district, first.id, "  ")
    assert name in str(refused.value.message)
    with pytest.raises(NotAllowed):  # the next round's staff do not withdraw the feeding round's nominees
        withdraw(db.session, world.province_organiser, world.district, first.id, "x")
    other = rounds(tag="2")
    with pytest.raises(InvalidInput, match="không có đề cử này"):
        withdraw(db.session, other.district_organiser, other.district, first.id, "x")

    # a file added to the carried entry in the next round
    carried = db.session.get(Entry, first.carried_entry_id)
    assert carried is not None
    builders.entry_file(carried, FileKind.DOCUMENT, PDF + b"v2", "thuyet_minh.pdf", uploaded_by=carried.created_by)
    with pytest.raises(InvalidInput, match="đã có bài nộp, bài kiểm tra hoặc sản phẩm trong Hội thi Sáng tạo cấp tỉnh"):
        withdraw(db.session, organiser, world.district, first.id, "x")
    db.session.rollback()

    world.province.submission_opens = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(InvalidInput, match="Hội thi Sáng tạo cấp tỉnh đã bắt đầu") as started:
        withdraw(db.session, organiser, world.district, second.id, "x")
    assert world.entries[1].code in str(started.value.message)
    db.session.rollback()
    assert _counts(world) == (2, 2, 6)
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "round.withdraw")) == 0


def test_a_programming_nominee_with_a_submission_in_the_next_round_stays(app: Flask) -> None:
    world = programming_rounds()
    district, province, organiser, best = world.district, world.province, world.organiser, world.best
    _not_started(province)
    made = progression.nominate(db.session, organiser, district, province.id, Choice(RANK, count=2))
    db.session.commit()

    # a program of the first in the next round (sent by staff before it opened, say): they stay
    _submit(best, _problem(province, "A"), 1, 10, "WA")
    with pytest.raises(InvalidInput, match="Lò Văn An không thể rút tên"):
        withdrawal.withdraw(db.session, organiser, district, made[0].id, "nhầm")
    db.session.rollback()
    assert withdrawal.withdraw(db.session, organiser, district, made[1].id, "nhầm") == "Quàng Thị Bình"
    db.session.commit()
    assert db.session.get(Registration, made[1].carried_registration_id) is None
    assert [n.id for n in progression.nominations_from(db.session, district)] == [made[0].id]


def test_the_page_withdraws_for_staff_only(client: FlaskClient, auth: AuthActions) -> None:
    world, made = _nominated()
    url = f"/contests/{world.district.id}/rounds/nominations/{made[0].id}/withdraw"
    auth.login("btc_tinh")
    assert client.post(url, data={"reason": "x"}).status_code == 403
    auth.logout()
    auth.login("btc_huyen")
    page = client.get(f"/contests/{world.district.id}/rounds").get_data(as_text=True)
    assert page.count('class="inline withdraw-form"') == 2
    empty = client.post(url, data={"reason": ""}, follow_redirects=True).get_data(as_text=True)
    assert "Hãy ghi lý do rút tên" in empty
    done = client.post(url, data={"reason": "nhầm"}, follow_redirects=True).get_data(as_text=True)
    assert f"Đã rút tên khỏi danh sách lên vòng sau: {world.entries[0].code}" in done
    assert f'id="nomination-{made[0].id}"' not in done and f'id="nomination-{made[1].id}"' in done
    assert _counts(world) == (1, 1, 3)

    world.province.submission_opens = utcnow() - timedelta(minutes=1)  # the next round has started: no button
    db.session.commit()
    started = client.get(f"/contests/{world.district.id}/rounds").get_data(as_text=True)
    assert f'id="nomination-{made[1].id}"' in started and "withdraw-form" not in started


def test_the_withdraw_button_needs_its_csrf_token(csrf_app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    world, made = _nominated()
    auth.login("btc_huyen")
    url = f"/contests/{world.district.id}/rounds/nominations/{made[0].id}/withdraw"
    assert client.post(url, data={"reason": "nhầm"}).status_code == 400
    assert _counts(world) == (2, 2, 6)


def test_nominating_and_withdrawing_from_the_command_line(app: Flask) -> None:
    world = rounds()
    _not_started(world.province)
    db.session.commit()
    runner = app.test_cli_runner()
    base = ["rounds", "nominate", str(world.district.id), "--by", "btc_huyen"]

    both = runner.invoke(args=[*base, "--to", str(world.province.id), "--rank", "1", "--quota", "1"])
    assert both.exit_code == 2 and "exactly one of" in both.output
    stranger = runner.invoke(args=[*base[:3], "--by", "btc_tinh", "--to", str(world.province.id), "--rank", "1"])
    assert stranger.exit_code == 1 and "not staff" in stranger.output
    for not_an_id in ("²", "0", "99999999999999999999"):
        refused = runner.invoke(args=[*base, "--to", not_an_id, "--rank", "1"])
        assert refused.exit_code == 2 and "a contest id or 'outside'" in refused.output, refused.output
    outside = runner.invoke(args=[*base, "--to", "outside", "--rank", "1"])
    assert outside.exit_code == 1 and "không chuyển thí sinh lên một vòng thi ngoài hệ thống hoithi" in outside.output

    nominated = runner.invoke(args=[*base, "--to", str(world.province.id), "--award", "first", "--award", "second"])
    assert nominated.exit_code == 0, nominated.output
    ids = [n.id for n in db.session.scalars(select(Nomination).order_by(Nomination.id))]
    assert len(ids) == 2 and f"nomination {ids[0]}: {world.entries[0].code}" in nominated.output
    assert "2 nominees moved on" in nominated.output

    by_hand = runner.invoke(
        args=[*base, "--to", str(world.province.id), "--entrant", f"e{world.entries[2].id}", "--reason", ""]
    )
    assert by_hand.exit_code == 1 and "Hãy ghi lý do chọn trực tiếp." in by_hand.output

    withdraw = ["rounds", "withdraw", str(world.district.id), str(ids[1]), "--by", "btc_huyen", "--reason", "nhầm"]
    done = runner.invoke(args=withdraw)
    assert done.exit_code == 0 and f"nomination {ids[1]} withdrawn: {world.entries[1].code}" in done.output
    again = runner.invoke(args=withdraw)
    assert again.exit_code == 1 and "không có đề cử này" in again.output
    db.session.expire_all()
    assert _counts(world) == (1, 1, 3)
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "round.withdraw")) == 1
