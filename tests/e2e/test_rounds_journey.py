"""Issue 16, rounds that feed one another, in the browser and in Vietnamese: a district office's organiser names the
Sở's provincial round as the one their round feeds, nominates the first two by rank; the province's organiser finds
both with where they came from, opens one and reads its files (the current one and the earlier version) as they were
uploaded in the district round. Before the provincial round starts, the district's organiser withdraws a nominee with
a reason, and the entry can be chosen again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.builders import present

from ..web.rounds_helpers import PDF, PHOTO_V1, PHOTO_V2, rounds
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_a_district_round_feeds_the_provincial_round_with_two_nominees_and_their_files(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    from app.extensions import db

    world = rounds(link=False)
    first, second, third = world.entries
    db.session.commit()

    page = browser.new_context().new_page()
    log_in(page, live_server, "btc_huyen")
    page.goto(f"{live_server}/contests/{world.district.id}")
    page.locator("#rounds-link").click()
    page.select_option("#next_contest", str(world.province.id))
    page.locator("#next-round-form button[type=submit]").click()
    expect(page.locator("#feeds")).to_contain_text("Hội thi Sáng tạo cấp tỉnh")
    expect(page.locator("#standings tbody tr")).to_have_count(3)
    page.select_option("#method", "rank")
    page.fill("#count", "2")
    shots(page, "nominate")
    page.locator("#nominate-form button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("Đã chuyển 2 thí sinh lên vòng sau.")
    expect(page.locator("#nominees tbody tr")).to_have_count(2)
    expect(page.locator(f"#standing-e{third.id}")).not_to_contain_text("Đã chọn")
    expect(page.locator("#next-round-form")).to_have_count(0)  # the link is fixed once nominees moved

    province = browser.new_context().new_page()
    log_in(province, live_server, "btc_tinh")
    province.goto(f"{live_server}/contests/{world.province.id}/rounds")
    arrivals = province.locator("#arrivals tr.arrival")
    expect(arrivals).to_have_count(2)
    expect(arrivals.nth(0)).to_contain_text("Hội thi Sáng tạo cấp huyện")
    expect(arrivals.nth(0)).to_contain_text(f"mã cũ {first.code}")
    expect(arrivals.nth(0)).to_contain_text("Giải Nhất")
    expect(arrivals.nth(1)).to_contain_text(f"mã cũ {second.code}")
    expect(province.locator("#arrivals")).not_to_contain_text(third.code)
    shots(province, "arrivals")

    arrivals.nth(0).locator("a").click()
    expect(province.locator("h1")).to_contain_text(first.title)
    rows = province.locator("#files tbody tr").all()
    current = [
        province.request.get(live_server + present(row.locator("a").first.get_attribute("href"))).body() for row in rows
    ]
    assert current == [PDF, PHOTO_V2]  # the entry's current files, as uploaded in the district round
    earlier = province.locator("#versions tbody tr td:first-child > a")  # the photo's first version
    expect(earlier).to_have_count(1)
    assert province.request.get(live_server + present(earlier.first.get_attribute("href"))).body() == PHOTO_V1
    shots(province, "carried-entry")


def test_a_nominee_is_withdrawn_before_the_next_round_starts(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    from datetime import timedelta

    from app.extensions import db
    from app.models import NominationMethod
    from app.services.contests import progression
    from app.timeutil import utcnow

    world = rounds()
    first, second, _ = world.entries
    world.province.submission_opens = utcnow() + timedelta(days=3)
    world.province.submission_closes = utcnow() + timedelta(days=4)
    progression.nominate(
        db.session,
        world.district_organiser,
        world.district,
        world.province.id,
        progression.Choice(NominationMethod.RANK, count=2),
    )
    db.session.commit()

    page = browser.new_context().new_page()
    log_in(page, live_server, "btc_huyen")
    page.goto(f"{live_server}/contests/{world.district.id}/rounds")
    row = page.locator("#nominees tbody tr").filter(has_text=second.code)
    row.locator("input[name=reason]").fill("Hồ sơ chưa đủ")
    shots(page, "withdraw")
    row.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text(f"Đã rút tên khỏi danh sách lên vòng sau: {second.code}")
    expect(page.locator("#nominees tbody tr")).to_have_count(1)
    expect(page.locator("#nominees")).to_contain_text(first.code)
    # nominated no longer: the entry can be chosen again
    expect(page.locator(f"#standing-e{second.id} input[name=keys]")).to_have_count(1)
