"""Rows of the authorisation table for the landing page and the unit tree (issue 11).

Every logged-in role has a landing page of its own. The unit tree is the administrators' (and the Sở's coordinators',
tested in test_units.py: the table's coordinator works at a school). The world gets a school of its own with nobody
in it, so that deactivating it asks for the confirmation (200); the forms posted empty are refused (400)."""

from __future__ import annotations

from typing import Any

from app.models import User

from ..factories import SchoolFactory

LOGIN = "login"

ADMIN_ONLY = {"anonymous": LOGIN, "admin": 200}
ADMIN_REFUSED = {"anonymous": LOGIN, "admin": 400}
UNIT = "/admin/units/{empty_unit}"

TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", "/home", {"anonymous": LOGIN}, 200),
    ("GET", "/admin/units", ADMIN_ONLY, 403),
    ("POST", "/admin/units", ADMIN_ONLY, 403),
    ("GET", UNIT, ADMIN_ONLY, 403),
    ("POST", UNIT + "/rename", ADMIN_REFUSED, 403),
    ("POST", UNIT + "/move", ADMIN_REFUSED, 403),
    ("POST", UNIT + "/merge", ADMIN_REFUSED, 403),
    ("POST", UNIT + "/deactivate", ADMIN_ONLY, 403),
    ("POST", UNIT + "/reactivate", ADMIN_REFUSED, 403),  # it is active already
]

SAMPLE_IDS: dict[str, Any] = {"empty_unit": 1}


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """A school with nobody in it."""
    ids["empty_unit"] = SchoolFactory(parent=users["admin"].unit).id
