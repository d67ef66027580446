"""Rows of the authorisation table for Themis contest folders (issue 16, item 4): the contest's staff alone import
and export them. The core world's contest serves."""

from __future__ import annotations

from typing import Any

from app.models import User

LOGIN = "login"
STAFF = {"anonymous": LOGIN, "organiser": 200, "admin": 200}
BASE = "/contests/{contest}/manage/themis"

# (method, url template, {role: expected}, default): placeholders are keys of the world's ids.
TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", BASE, STAFF, 403),
    ("POST", BASE, STAFF, 403),  # posted empty: the form again with its errors
    ("GET", BASE + "/results.xlsx", STAFF, 403),
    ("GET", BASE + "/folder.zip", STAFF, 403),
]

SAMPLE_IDS: dict[str, Any] = {}


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """Nothing to add: the core world's programming contest is the organiser's."""
