"""Rows of the authorisation table for aggregation, reconciliation, awards and results (issue 5)."""

from __future__ import annotations

from typing import Any

from app.models import User

LOGIN = "login"

# (method, url template, {role: expected}, default): placeholders are keys of the world's ids.
TABLE: list[tuple[str, str, dict[str, Any], Any]] = []

# A value for each placeholder this area adds, for the check that the table covers every route.
SAMPLE_IDS: dict[str, Any] = {}


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """Create this area's objects (``users`` maps each role name to its user) and add their ids to ``ids``."""
