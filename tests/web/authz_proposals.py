"""Rows of the authorisation table for proposals, reports and the Sở's review (issue 6): see test_authorisation.py."""

from __future__ import annotations

from typing import Any

from app.extensions import db
from app.models import AccountStatus, KnownCompany, ListedBrand, User
from app.services.proposals import brand_list, company_list, contact_reports, workflow
from app.services.records import outbox
from app.timeutil import today_local
from submissions.store import LocalStore
from tests.builders import present

from .proposals_helpers import PDF, company_account

LOGIN = "login"
ROLES = ["anonymous", "student", "teacher", "coordinator", "judge", "organiser", "reviewer", "admin"]
PROPOSERS = {"coordinator": 200, "organiser": 200, "admin": 200}
VIEWERS = {"coordinator": 200, "reviewer": 200, "admin": 200}  # of the coordinator's own proposal and report
SO = {"reviewer": 200, "admin": 200}
LOGGED_IN = {r: 302 for r in ROLES if r != "anonymous"}

# (method, url template, {role: expected}, default): placeholders are keys of the world's ids.
TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", "/proposals/", {"anonymous": LOGIN, **PROPOSERS}, 403),
    ("GET", "/proposals/new", {"anonymous": LOGIN, **PROPOSERS}, 403),
    ("POST", "/proposals/new", {"anonymous": LOGIN, **PROPOSERS}, 403),  # empty: shown again with the errors
    ("GET", "/proposals/{own_proposal}", {"anonymous": LOGIN, **VIEWERS}, 403),
    ("GET", "/proposals/{own_proposal}/letter.pdf", {"anonymous": LOGIN, **VIEWERS}, 403),
    ("GET", "/proposals/{own_proposal}/edit", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("POST", "/proposals/{own_proposal}/edit", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("GET", "/proposals/{flagged_proposal}", {"anonymous": LOGIN, **SO}, 403),
    ("POST", "/proposals/{flagged_proposal}/decide", {"anonymous": LOGIN, "reviewer": 200}, 403),  # no reasons
    ("POST", "/proposals/{own_proposal}/submit", {"anonymous": LOGIN, "coordinator": 302, "admin": 302}, 403),
    ("GET", "/reports/", {"anonymous": LOGIN, "coordinator": 200}, 403),
    ("GET", "/reports/new", {"anonymous": LOGIN, "coordinator": 200}, 403),
    ("POST", "/reports/new", {"anonymous": LOGIN, "coordinator": 200}, 403),
    ("GET", "/reports/{report}", {"anonymous": LOGIN, **VIEWERS}, 403),
    ("GET", "/reports/{report}/attachment", {"anonymous": LOGIN, **VIEWERS}, 403),
    ("POST", "/reports/{report}/note", {"anonymous": LOGIN, "reviewer": 302}, 403),
    ("GET", "/company/register", LOGGED_IN, 200),
    ("POST", "/company/register", LOGGED_IN, 200),
    ("GET", "/admin/summary.xlsx", {"anonymous": LOGIN, **SO}, 403),
    ("GET", "/admin/brands", {"anonymous": LOGIN, **SO}, 403),
    ("POST", "/admin/brands", {"anonymous": LOGIN, **SO}, 403),
    ("GET", "/admin/brands/{brand}", {"anonymous": LOGIN, **SO}, 403),
    ("POST", "/admin/brands/{brand}", {"anonymous": LOGIN, **SO}, 403),
    ("GET", "/admin/companies", {"anonymous": LOGIN, **SO}, 403),
    ("POST", "/admin/companies/{company}/status/active", {"anonymous": LOGIN, "reviewer": 302, "admin": 302}, 403),
    ("POST", "/admin/brands/{brand}/remove", {"anonymous": LOGIN, "reviewer": 302, "admin": 302}, 403),
    ("GET", "/admin/known-companies", {"anonymous": LOGIN, **SO}, 403),
    ("POST", "/admin/known-companies", {"anonymous": LOGIN, **SO}, 403),
    ("GET", "/admin/known-companies/{known_company}", {"anonymous": LOGIN, **SO}, 403),
    ("POST", "/admin/known-companies/{known_company}", {"anonymous": LOGIN, **SO}, 403),
    ("POST", "/admin/known-companies/{known_company}/remove", {"anonymous": LOGIN, "reviewer": 302, "admin": 302}, 403),
    # the attempts Section 8 refused: the Sở's reviewers' (an attempt that is not there: 404)
    ("GET", "/admin/section8-attempts", {"anonymous": LOGIN, "reviewer": 200}, 403),
    ("POST", "/admin/section8-attempts/999999/dealt", {"anonymous": LOGIN, "reviewer": 404}, 403),
    ("POST", "/admin/section8-attempts/rescreen", {"anonymous": LOGIN, "reviewer": 302}, 403),
    ("GET", "/admin/mail", {"anonymous": LOGIN, "admin": 200}, 403),
    ("POST", "/admin/mail/{mail}/send-again", {"anonymous": LOGIN, "admin": 302}, 403),
]

# A value for each placeholder this area adds, for the check that the table covers every route.
SAMPLE_IDS: dict[str, Any] = {
    "own_proposal": 1,
    "flagged_proposal": 2,
    "report": 1,
    "brand": 1,
    "known_company": 1,
    "company": 9,
    "mail": 1,
}


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """A coordinator's draft with its letter and a report with an attachment, a company's flagged proposal in
    review, a brand of the list, a pending company account and a message in the outbox."""
    store = LocalStore(app.config["STORAGE_DIR"])
    coordinator = users["coordinator"]
    company = company_account("authz-company")
    content = {"title": "Hội thi Tin học trẻ cấp trường", "proposer": {"name": "Trường", "kind": "school"}}
    with app.test_request_context():
        own = workflow.create_draft(db.session, coordinator, content, PDF, store)
        flagged = workflow.create_draft(db.session, company, {**content, "proposer": None}, None, None)
        workflow.submit(db.session, company, flagged)
        details = contact_reports.ReportDetails("Công ty X", "business", today_local(), "Cuộc thi Y", "Mua sản phẩm")
        report = contact_reports.create_report(db.session, coordinator, details, PDF, "x.pdf", store)
        brand_list.rows(db.session)
        company_list.fill(db.session)  # as the migration fills it
    pending = company_account("authz-pending", "Công ty chờ kích hoạt")
    pending.status = AccountStatus.PENDING
    ids.update(
        own_proposal=own.id,
        flagged_proposal=flagged.id,
        report=report.id,
        brand=db.session.query(ListedBrand).filter_by(name="Dell").one().id,
        known_company=db.session.query(KnownCompany).filter_by(name="Prudential").one().id,
        company=pending.id,
        mail=present(outbox.send_mail(db.session, ["lienhe@example.com"], "Thư thử", "Nội dung")).id,
    )
