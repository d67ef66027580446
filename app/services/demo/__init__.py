"""Demo data: what a school trying hoithi expects to find in every role. The Sở GD&ĐT Hải Dương, its units and
people (``people``); contests open for entries, one being scored and one with its results published
(``contests``); entries with their files, judges' sheets and awards (``judged``); and a programming contest with
a problem, judged submissions, a scoreboard, a test run and clarifications (``informatics``), and its Bảng A with a
Scratch task, judged projects and a theory test (``primary``, ``theory``); its Bảng C round run as teams of two
(``teams``); and two contest proposals through Section 8's screening, one approved at once and one waiting for
the Sở's reviewer (``proposals``).

Loading it twice changes nothing: each part is loaded only when it is missing."""

from __future__ import annotations

from submissions.store import ContentStore

from ...extensions import DbSession
from ...timeutil import utcnow
from .contests import load_contests
from .informatics import load_informatics
from .judged import load_judged
from .people import ACCOUNTS, DEMO_PASSWORD, DemoAccount, load_accounts, load_units
from .primary import load_primary
from .proposals import load_proposals
from .teams import load_teams

__all__ = ["ACCOUNTS", "DEMO_PASSWORD", "DemoAccount", "load_demo"]


def load_demo(session: DbSession, store: ContentStore) -> list[DemoAccount]:
    """Load whatever of the demo data is missing (in the caller's transaction; files go into ``store``); returns
    the logins made."""
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    load_units(session)
    created = load_accounts(session)
    load_contests(session, now)
    load_judged(session, store)
    load_informatics(session, store, now)
    load_primary(session, store, now)
    load_teams(session, store, now)
    load_proposals(session)
    return created
