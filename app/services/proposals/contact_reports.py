"""Reports that a company contacted a unit about a contest (Section 8): the unit's coordinator records them,
the Sở's reviewers see them in their queue and note each one once dealt with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import ContactReport, Role, User
from ...policies.proposals import may_report_contact
from ...timeutil import format_date, today_local, utcnow
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from ..records.outbox import mail_locale, send_mail
from .attachments import store_checked
from .proposal_mail import reviewer_addresses
from .screening import PartyKind

COMPANY_KINDS = (PartyKind.BUSINESS, PartyKind.ASSOCIATION, PartyKind.FOREIGN, PartyKind.STATE_AGENCY)
ATTACHMENT_KINDS = frozenset({"pdf", "png", "jpeg"})
MAX_TEXT = 10000


@dataclass
class ReportDetails:
    """What the unit says: who contacted it, when, about which contest, and what they asked of the unit."""

    company_name: str
    company_kind: str
    contacted_on: date | None
    contest: str
    request: str


def _check(details: ReportDetails) -> ReportDetails:
    name = " ".join(details.company_name.split())
    if not name:
        raise InvalidInput(_l("The company's name is required."), "company_name")
    if len(name) > 200:
        raise InvalidInput(_l("The company's name is too long (at most 200 characters)."), "company_name")
    if details.company_kind not in {k.value for k in COMPANY_KINDS}:
        raise InvalidInput(_l("Choose what kind of organisation contacted the unit."), "company_kind")
    if details.contacted_on is None or details.contacted_on > today_local() or details.contacted_on.year < 2000:
        raise InvalidInput(_l("Give the date of the contact (not in the future)."), "contacted_on")
    contest, request = details.contest.strip(), details.request.strip()
    if not contest:
        raise InvalidInput(_l("Describe the contest the company proposed."), "contest")
    if not request:
        raise InvalidInput(_l("Say what the company asked of the unit."), "request")
    if len(contest) > MAX_TEXT or len(request) > MAX_TEXT:
        raise InvalidInput(_l("A text has at most %(n)s characters.", n=MAX_TEXT), "contest")
    return ReportDetails(name, details.company_kind, details.contacted_on, contest, request)


def create_report(
    session: DbSession,
    actor: User,
    details: ReportDetails,
    attachment: bytes | IO[bytes] | None = None,
    attachment_name: str = "",
    store: ContentStore | None = None,
) -> ContactReport:
    """Record a report for ``actor``'s unit, with an optional attachment (PDF, PNG or JPEG by content); the Sở's
    reviewers are mailed."""
    if not may_report_contact(actor):
        raise NotAllowed()
    details = _check(details)
    digest = None
    if attachment is not None:
        if store is None:
            raise ValueError("an attachment needs a store")
        wrong = _l("The attachment must be a PDF, PNG or JPEG file.")
        digest = store_checked(attachment, store, ATTACHMENT_KINDS, wrong, "attachment")
    report = ContactReport(
        unit_id=actor.unit_id,
        reported_by_id=actor.id,
        company_name=details.company_name,
        company_kind=details.company_kind,
        contacted_on=details.contacted_on,
        contest=details.contest,
        request=details.request,
        attachment_hash=digest,
        attachment_name=(attachment_name or "")[:200] if digest else None,
        created_at=utcnow(),
    )
    session.add(report)
    session.flush()
    audit.record(session, "report.create", actor_id=actor.id, object_type="report", object_id=report.id)
    with force_locale(mail_locale()):
        subject = _("A unit reports a company's contest: %(company)s", company=report.company_name)
        body = _(
            "%(unit)s reports that %(company)s contacted it on %(date)s about a contest.\n\nThe contest: "
            "%(contest)s\n\nAsked of the unit: %(request)s\n",
            unit=actor.unit.name,
            company=report.company_name,
            date=format_date(report.contacted_on),
            contest=report.contest,
            request=report.request,
        )
    send_mail(session, reviewer_addresses(session), subject, body)
    return report


def note(session: DbSession, reviewer: User, report: ContactReport, text: str) -> None:
    """A Sở reviewer notes what was done about the report; it leaves the queue of reports awaiting the Sở."""
    if not reviewer.has_role(Role.REVIEWER):
        raise NotAllowed()
    if report.noted_at is not None:
        raise InvalidInput(_l("This report has already been dealt with."), "note")
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_l("Say what the Department did about this report."), "note")
    report.note, report.noted_by_id, report.noted_at = text[:MAX_TEXT], reviewer.id, utcnow()
    audit.record(session, "report.note", actor_id=reviewer.id, object_type="report", object_id=report.id, reason=text)


def unit_reports(session: DbSession, actor: User) -> list[ContactReport]:
    """The reports of ``actor``'s unit, newest first."""
    query = select(ContactReport).where(ContactReport.unit_id == actor.unit_id)
    return list(session.scalars(query.order_by(ContactReport.created_at.desc(), ContactReport.id.desc())))
