"""Rows of the authorisation table for lab rounds (issue 16): a programming contest's lab round page, its staff only;
setting up a lab round from its package, the administrator only.
Posted empty, each action sends the staff back to the page with the reason (no seats given, no bundle, not a lab
round, no reason)."""

from __future__ import annotations

from typing import Any

from app.models import User

LOGIN = "login"
BASE = "/contests/{contest}/manage/lab"

TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", BASE, {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", BASE + "/export", {"anonymous": LOGIN, "organiser": 302, "admin": 302}, 403),
    ("POST", BASE + "/results", {"anonymous": LOGIN, "organiser": 302, "admin": 302}, 403),
    ("POST", BASE + "/bundle", {"anonymous": LOGIN, "organiser": 302, "admin": 302}, 403),
    # withdrawing a package (here one the contest never issued; posted empty: no reason given)
    ("POST", BASE + "/packages/" + "0" * 32 + "/withdraw", {"anonymous": LOGIN, "organiser": 302, "admin": 302}, 403),
    # the lab's administrator sets a round up from its package; posted empty: the form again with its error
    ("GET", "/admin/lab", {"anonymous": LOGIN, "admin": 200}, 403),
    ("POST", "/admin/lab", {"anonymous": LOGIN, "admin": 200}, 403),
]

SAMPLE_IDS: dict[str, Any] = {}


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """The world's programming contest serves: nothing to add."""
