"""Rows of the authorisation table for the landing page and the unit tree (issue 11).

Every logged-in role has a landing page of its own."""

from __future__ import annotations

from typing import Any

from app.models import User

LOGIN = "login"

TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", "/home", {"anonymous": LOGIN}, 200),
]

SAMPLE_IDS: dict[str, Any] = {}


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """Nothing to add: the landing page reads what the world already has."""
