"""Steps the browser journeys share."""

from __future__ import annotations

from playwright.sync_api import Page, expect

PASSWORD = "password123"
"""The factories' password (tests/factories.py)."""


def submit_login(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Fill the login form of the site at ``base`` and send it, whatever the site answers."""
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()


def log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Log in; returns once the page that follows holds the logout button (fails the test if it never does). Held,
    not shown: on a phone the menu that holds it is folded."""
    submit_login(page, base, username, password)
    expect(page.locator('header.top form[action$="/logout"]')).to_be_attached()
