"""In the browser and in Vietnamese: a judge writes a long review, in paragraphs, into a criterion's comment and
saves. The box lets them type 5,000 characters (its maxlength counts a line break as one), but the browser sends each
line break as two (CR LF), so the server received more than the 5,000 it keeps: the page came back without a word and
the judge left believing the draft saved. Now line breaks count as one on the server too, and the review is saved
whole; a refusal the form makes (points longer than their box, typed outside a browser's limits) says so, nothing
saved, everything typed still there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import CriterionScore
from app.services.reviews import assignment

from ..web.reviews_helpers import review_world
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCORES = ["20", "22,5", "18", "19,5"]


def test_a_long_review_is_saved_whole_and_a_refusal_is_said(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    world = review_world(judges=2, entries=1)
    judge, entry = world.judges[1], world.entries[0]
    assignment.add(db.session, world.organiser, entry, judge.id)
    db.session.commit()

    page = browser.new_context().new_page()
    log_in(page, live_server, judge.username)
    page.goto(f"{live_server}/review/entries/{entry.id}/sheet")
    points = page.locator("#scores input[name^=points_]")
    for i, value in enumerate(SCORES):
        points.nth(i).fill(value)
    line = "Bài giảng có nhiều hoạt động tương tác, phù hợp với học sinh lớp 7; cần thêm câu hỏi vận dụng."
    review = "\n".join([line] * 60)[:5000].rstrip()  # as much as the box takes: 5,000 characters, some 50 line breaks
    comment = page.locator("#scores textarea[name^=comment_]").first
    comment.fill(review)
    page.locator("#save").click()
    expect(page.locator(".flash.success")).to_contain_text("Đã lưu bản nháp.")
    db.session.expire_all()
    saved = db.session.scalars(select(CriterionScore.comment).where(CriterionScore.comment != "")).one()
    assert saved == review  # whole, its line breaks as typed
    shots(page, "judge-long-review-saved")

    # the points box takes 20 characters; a page kept open from before, or another client, may send more
    points.first.evaluate("element => element.removeAttribute('maxlength')")
    points.first.fill("1" * 25)
    page.locator("#save").click()
    expect(page.locator(".flash.error")).to_contain_text("Chưa có gì được lưu.")
    expect(page.locator(".flash.error")).to_contain_text("Nội dung: Mục này không được dài quá 20 ký tự")
    expect(page.locator("#scores small.error")).to_contain_text("không được dài quá 20 ký tự")
    expect(points.first).to_have_value("1" * 25)
    expect(comment).to_have_value(review)
    db.session.expire_all()
    assert db.session.scalars(select(CriterionScore.points).where(CriterionScore.comment != "")).one() == 20
    shots(page, "judge-points-too-long")
