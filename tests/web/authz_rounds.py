"""Rows of the authorisation table for rounds that feed one another (issue 16): the rounds page and its forms, and
the hand-off download, and withdrawing a nomination, are for the contest's staff only.

The world gets a contest of the organiser's unit feeding a round outside hoithi, nobody nominated (so making a
hand-off is refused with a message), and one earlier hand-off kept in the store.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from app.extensions import db
from app.models import ContestKind, Handoff, User
from app.services.contests import round_links
from submissions.store import LocalStore

from .. import builders

LOGIN = "login"
STAFF_PAGE = {"anonymous": LOGIN, "organiser": 200, "admin": 200}
STAFF_ACTION = {"anonymous": LOGIN, "organiser": 302, "admin": 302}
BASE = "/contests/{rounds_contest}/rounds"

TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", BASE, STAFF_PAGE, 403),
    # posted empty: the page again with the message
    ("POST", BASE + "/next", STAFF_PAGE, 403),
    ("POST", BASE + "/nominate", STAFF_PAGE, 403),
    # nobody nominated: refused with a message, back to the page
    ("POST", BASE + "/nominations/{rounds_nomination}/withdraw", STAFF_ACTION, 403),
    ("POST", BASE + "/handoff", STAFF_ACTION, 403),
    ("GET", BASE + "/handoff/{rounds_handoff}.zip", STAFF_PAGE, 403),
]

SAMPLE_IDS: dict[str, Any] = {"rounds_contest": 1, "rounds_handoff": 1, "rounds_nomination": 1}


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """Create this area's objects (``users`` maps each role name to its user) and add their ids to ``ids``."""
    organiser = users["organiser"]
    contest = builders.contest(ContestKind.CREATIVITY, organiser.unit, closed=True)
    round_links.set_next_round(db.session, organiser, contest, next_contest_id=None, outside_name="Vòng toàn quốc")
    data = b"PK\x05\x06" + b"\x00" * 18  # an empty zip
    handoff = Handoff(
        contest_id=contest.id,
        sha256=LocalStore(current_app.config["STORAGE_DIR"]).put_bytes(data),
        size=len(data),
        nominees=0,
        made_by_id=organiser.id,
    )
    db.session.add(handoff)
    db.session.flush()
    # no nomination: the staff's withdrawal is refused with a message; everyone else never reaches the lookup
    ids.update(rounds_contest=contest.id, rounds_handoff=handoff.id, rounds_nomination=1)
