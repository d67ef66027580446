"""Issue 11, item 16: every demo role's main pages fit a 360 px phone screen. The page itself never scrolls sideways;
a wide table scrolls inside its own container; the navigation folds into a menu that opens without JavaScript.
The desktop layout stays as it was: the menu button is hidden and the links are in one row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Proposal, Submission
from app.services.demo import ACCOUNTS, DEMO_PASSWORD, load_demo
from app.services.demo.contests import ELEARNING, INFORMATICS, contest_of
from app.services.proposals import brand_list
from submissions.store import LocalStore

from ..web.i18n_helpers import add_activity
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PHONE: ViewportSize = {"width": 360, "height": 740}
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)

DESKTOP: ViewportSize = {"width": 1280, "height": 800}

# Every table on a page (in <main>) and whether it is inside a horizontally scrolling container that itself fits
# the screen; and how wide the document is.
MEASURE = """() => {
  const viewport = Math.min(window.innerWidth, document.documentElement.clientWidth);
  const tables = [...document.querySelectorAll('main table')].map((table) => {
    let box = table.parentElement;
    while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    return {
      id: table.id || table.className || table.rows[0]?.innerText.slice(0, 40),
      scrolls: !!box && box.getBoundingClientRect().right <= viewport + 0.5,
      wide: table.scrollWidth > viewport,
    };
  });
  return {width: document.documentElement.scrollWidth, viewport, tables};
}"""


def _paths(username: str) -> list[str]:
    """The main pages of each demo role (ids of the demo data filled in)."""
    informatics, elearning = (contest_of(db.session, spec).id for spec in (INFORMATICS, ELEARNING))
    proposal = db.session.scalars(select(Proposal).order_by(Proposal.id.desc())).first()
    submission = db.session.scalars(select(Submission).order_by(Submission.id)).first()
    assert proposal and submission
    everyone = ["/", "/home", f"/contests/{informatics}", f"/contests/{elearning}", "/password"]
    programming = [
        f"/contests/{informatics}/problems",
        f"/contests/{informatics}/problems/A",
        f"/contests/{informatics}/scoreboard",
    ]
    pages = {
        "admin": [
            "/people/",
            "/people/new",
            "/admin/audit",
            "/admin/units",
            "/admin/proposals",
            "/admin/companies",
            "/admin/brands",
            *programming,
            f"/contests/{informatics}/manage/judging",
        ],
        "so.reviewer": ["/admin/proposals", f"/proposals/{proposal.id}"],
        "btc": [
            *programming,
            f"/contests/{informatics}/manage/judging",
            f"/contests/{informatics}/manage/problems",
            f"/contests/{informatics}/manage/problems/A",
            f"/contests/{informatics}/manage/settings",
            f"/contests/{informatics}/manage/quiz/result",
            f"/contests/{informatics}/registrations",
            f"/contests/{elearning}/review/panel",
            f"/contests/{elearning}/review/rubric",
            f"/contests/{elearning}/results/manage",
            "/contests/new",
        ],
        "giamkhao": ["/review/"],
        "dieuphoi": [
            "/people/",
            "/people/import",
            "/proposals/",
            f"/proposals/{proposal.id}",
            "/proposals/new",
            "/reports/",
            f"/contests/{informatics}/register-people",
        ],
        "giaovien": [f"/contests/{elearning}/entries/new"],  # their entry (the page they are sent to)
        "hocsinh": [
            *programming,
            f"/contests/{informatics}/submissions",
            f"/contests/{informatics}/submissions/{submission.id}",
        ],
    }
    return everyone + pages[username]


@pytest.fixture
def demo(app: Flask) -> Flask:
    load_demo(db.session, LocalStore(app.config["STORAGE_DIR"]))
    add_activity(app)
    brand_list.rows(db.session)
    db.session.commit()
    return app


def _log_in(page: Page, base: str, username: str) -> None:
    log_in(page, base, username, DEMO_PASSWORD)
    expect(page.locator("header.top")).to_contain_text(next(a.full_name for a in ACCOUNTS if a.username == username))


@pytest.mark.parametrize("username", [a.username for a in ACCOUNTS])
def test_every_main_page_of_a_role_fits_a_phone(
    demo: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path], username: str
) -> None:
    context = browser.new_context(
        viewport=PHONE, user_agent=PHONE_AGENT, is_mobile=True, has_touch=True, device_scale_factor=1
    )
    page = context.new_page()
    _log_in(page, live_server, username)
    problems: dict[str, Any] = {}
    for path in _paths(username):
        response = page.goto(f"{live_server}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        page.wait_for_load_state("load")
        measured = page.evaluate(MEASURE)
        shots(page, path.strip("/").replace("/", "_") or "index")
        unscrolled = [t["id"] for t in measured["tables"] if not t["scrolls"]]
        if measured["width"] > PHONE["width"] or unscrolled:
            problems[path] = {"page width": measured["width"], "tables outside a scroll container": unscrolled}
    context.close()
    assert problems == {}, f"pages wider than {PHONE['width']} px for {username}: {problems}"


def test_the_phone_menu_opens_without_javascript(
    demo: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    context = browser.new_context(
        viewport=PHONE, user_agent=PHONE_AGENT, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    page = context.new_page()
    _log_in(page, live_server, "admin")
    people = page.locator("header.top nav a", has_text="Thành viên")
    expect(people).to_be_hidden()
    shots(page, "menu-closed")
    page.locator("header.top label.menu").click()
    expect(people).to_be_visible()
    shots(page, "menu-open")
    people.click()
    expect(page).to_have_url(f"{live_server}/people/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_the_desktop_layout_is_unchanged(
    demo: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    _log_in(page, live_server, "admin")
    expect(page.locator("header.top label.menu")).to_be_hidden()
    links = page.locator("header.top nav > a")
    expect(links.first).to_be_visible()
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count())) if box}
    assert len(tops) == 1, "the navigation is one row on a desktop"
    page.goto(f"{live_server}/people/")
    table = page.locator("main table").first
    main = page.locator("main").bounding_box()
    box = table.bounding_box()
    assert main and box and box["width"] >= main["width"] - 2 * 20, "tables still fill the page's width"
    shots(page, "people-desktop")
    contest = contest_of(db.session, INFORMATICS)
    page.goto(f"{live_server}/contests/{contest.id}/scoreboard")
    shots(page, "scoreboard-desktop")
    context.close()


def test_long_lines_of_code_scroll_inside_their_box(
    demo: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    """A contestant's long line, in the editor and in a stored submission's source, never widens the page."""
    long_line = "print(" + " + ".join(str(n) for n in range(120)) + ")\n"
    submission = db.session.scalars(select(Submission).order_by(Submission.id)).first()
    assert submission
    submission.source = long_line
    contest = contest_of(db.session, INFORMATICS).id
    db.session.commit()
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_AGENT, is_mobile=True, has_touch=True)
    page = context.new_page()
    _log_in(page, live_server, "hocsinh")
    page.goto(f"{live_server}/contests/{contest}/problems/A")
    page.locator(".CodeMirror").click()
    page.keyboard.insert_text(long_line)
    expect(page.locator(".CodeMirror")).to_contain_text("118 + 119")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots(page, "editor-long-line")
    page.goto(f"{live_server}/contests/{contest}/submissions/{submission.id}")
    source = page.locator("pre.source")
    expect(source).to_contain_text("118 + 119")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert source.evaluate("pre => pre.scrollWidth > pre.clientWidth && getComputedStyle(pre).overflowX === 'auto'")
    shots(page, "submission-long-line")
    context.close()
