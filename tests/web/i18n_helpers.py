"""Activity on top of the demo data, so that the pages of judging, proposals and the audit log have rows to show."""

from __future__ import annotations

from sqlalchemy.orm import Session


def add_activity(session: Session) -> None:
    """Adds a programming problem with submissions in each state, a flagged proposal and audit rows."""
