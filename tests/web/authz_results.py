"""Rows of the authorisation table for aggregation, reconciliation, awards and results (issue 5).

The world gets two e-Learning contests of the organiser's unit, with the judge as head judge of both: one whose
entry is flagged for reconciliation (so publishing it is refused and changes nothing), and one whose results are
published, with the teacher's entry awarded (for the certificate).
"""

from __future__ import annotations

from typing import Any

from app.extensions import db
from app.models import AwardLevel, ContestKind, User
from app.services.results import awards, publication

from .. import builders
from ..factories import ContestFactory, EntryFactory, PanelMemberFactory, RubricFactory, SchoolFactory, UserFactory
from .results_helpers import flat, sheet

LOGIN = "login"
STAFF = {"anonymous": LOGIN, "organiser": 200, "admin": 200}
RECONCILERS = {"anonymous": LOGIN, "judge": 200, "organiser": 200, "admin": 200}
BASE = "/contests/{results_contest}/results"

# (method, url template, {role: expected}, default): placeholders are keys of the world's ids.
TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", BASE, {}, 200),
    ("GET", "/contests/{awarded_contest}/results", {}, 200),
    ("GET", BASE + "/manage", STAFF, 403),
    ("GET", BASE + "/rules", STAFF, 403),
    # posted empty: the form again with its errors
    ("POST", BASE + "/rules", STAFF, 403),
    # posted empty: refused without the confirmation ticked, the ranking again with the message
    ("POST", BASE + "/publish", STAFF, 403),
    # posted empty (and the results not published): refused with the form's errors, the ranking again
    ("POST", BASE + "/withdraw", STAFF, 403),
    # posted empty: refused with the form's errors, the ranking again
    ("POST", BASE + "/disqualify", STAFF, 403),
    # the entry is not disqualified: refused, back to the ranking
    ("POST", BASE + "/reinstate/{results_entry}", {"anonymous": LOGIN, "organiser": 302, "admin": 302}, 403),
    ("GET", BASE + "/scores.xlsx", STAFF, 403),
    # every certificate in one PDF: the published contest's; of the other, the ranking again saying there is none
    ("GET", BASE + "/certificates.pdf", {"anonymous": LOGIN, "organiser": 302, "admin": 302}, 403),
    ("GET", "/contests/{awarded_contest}/results/certificates.pdf", STAFF, 403),
    ("GET", BASE + "/reconcile", RECONCILERS, 403),
    ("GET", BASE + "/reconcile/{results_entry}", RECONCILERS, 403),
    # posted empty: the page again with the form's errors
    ("POST", BASE + "/reconcile/{results_entry}/further", RECONCILERS, 403),
    ("POST", BASE + "/reconcile/{results_entry}/decide", {"anonymous": LOGIN, "judge": 200}, 403),
    ("GET", "/certificates/verify", {}, 200),  # checking a certificate's number: anyone, no login
    (
        "GET",
        "/contests/{awarded_contest}/results/certificates/{awarded_entry}/{awarded_author}.pdf",
        {"anonymous": LOGIN, "teacher": 200, "organiser": 200, "admin": 200},
        403,
    ),
]

# A value for each placeholder this area adds, for the check that the table covers every route.
SAMPLE_IDS: dict[str, Any] = {
    "results_contest": 1,
    "results_entry": 1,
    "awarded_contest": 2,
    "awarded_entry": 2,
    "awarded_author": 1,
}


def _contest(users: dict[str, User], totals: list[int], code: str) -> tuple[Any, Any]:
    """A contest of the organiser's unit whose submission window has closed, the judge its head judge, and one entry
    by the teacher scored by two judges with ``totals``."""
    contest = ContestFactory(kind=ContestKind.ELEARNING, open_to_teachers=True, organiser_unit=users["organiser"].unit)
    builders.close_submissions(contest)
    RubricFactory(contest=contest)
    PanelMemberFactory(contest=contest, user=users["judge"], is_head=True)
    # entered for another school: the head judge works at the teacher's and would have a conflict of interest
    entry = EntryFactory(contest=contest, code=code, unit=SchoolFactory(), authors=[users["teacher"]])
    for total in totals:
        judge = UserFactory(unit=users["organiser"].unit)
        PanelMemberFactory(contest=contest, user=judge)
        sheet(entry, judge, flat(total))
    return contest, entry


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """Create this area's objects (``users`` maps each role name to its user) and add their ids to ``ids``."""
    flagged_contest, flagged = _contest(users, [40, 90], "KQ-0001")
    awarded_contest, awarded = _contest(users, [80, 82], "KQ-0002")
    awards.set_rules(
        db.session, users["organiser"], awarded_contest, None, [awards.RuleSpec(AwardLevel.FIRST, quota_count=1)]
    )
    publication.publish(db.session, users["organiser"], awarded_contest)
    ids.update(
        results_contest=flagged_contest.id,
        results_entry=flagged.id,
        awarded_contest=awarded_contest.id,
        awarded_entry=awarded.id,
        awarded_author=users["teacher"].id,
    )
