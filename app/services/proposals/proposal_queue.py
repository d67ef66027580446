"""Reading proposals and reports for people: the Sở's one queue with its filters, a proposer's own list, and a
proposal's history from the audit log."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, false, literal, or_, select, true, union_all

from ...extensions import DbSession
from ...models import AuditEntry, ContactReport, Organisation, Proposal, ProposalDecision, ProposalStatus, Unit, User
from ...timeutil import to_utc, utcnow
from .screening import PartyKind

PAGE_SIZE = 25
AWAITING = (ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED)
# The status filter: "" is what awaits the Sở (proposals in review, reports not yet noted) and the proposals
# screening approved automatically in the last RECENT_DAYS, so that the Sở sees every contest as it starts.
STATUSES = ("", "approved", "auto_approved", "rejected", "changes_requested", "noted", "all")
RECENT_DAYS = 30
WHAT = ("", "proposals", "reports")


@dataclass(frozen=True)
class QueueFilter:
    """The queue's filters; empty values filter nothing. ``month`` is (year, month) in Vietnam's time."""

    what: str = ""
    status: str = ""
    flag: str = ""
    proposer_kind: str = ""
    unit_id: int | None = None
    month: tuple[int, int] | None = None


def parse_month(text: str | None) -> tuple[int, int] | None:
    """(year, month) from "2026-11" (as an <input type=month> sends it), else None."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", (text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 2000:
        return None
    return int(m.group(1)), int(m.group(2))


def month_range(year: int, month: int) -> tuple[datetime, datetime]:
    """The month as [start, end) in naive UTC, its days counted in Vietnam's time."""
    following = date(year + month // 12, month % 12 + 1, 1)
    return to_utc(datetime.combine(date(year, month, 1), time())), to_utc(datetime.combine(following, time()))


def _units(session: DbSession, unit_id: int) -> list[int]:
    """The unit and the units directly under it (a district office and its schools)."""
    return [unit_id, *session.scalars(select(Unit.id).where(Unit.parent_id == unit_id))]


def _automatic() -> ColumnElement[bool]:
    """Proposals approved by screening, not by a reviewer (``Proposal.approved_automatically``)."""
    return and_(
        Proposal.status == ProposalStatus.APPROVED, Proposal.decided_by_id.is_(None), Proposal.decided_at.is_not(None)
    )


def _proposal_conditions(session: DbSession, f: QueueFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Proposal.status != ProposalStatus.DRAFT]
    if f.what == "reports" or f.status == "noted":
        conditions.append(false())
    elif f.status == "":
        recent = utcnow() - timedelta(days=RECENT_DAYS)
        conditions.append(or_(Proposal.status.in_(AWAITING), and_(_automatic(), Proposal.decided_at >= recent)))
    elif f.status == "auto_approved":
        conditions.append(_automatic())
    elif f.status != "all":
        conditions.append(Proposal.status == ProposalStatus(f.status))
    if f.flag:
        # Flags are a JSON list; its text holds each code in quotes, the same on SQLite and PostgreSQL.
        conditions.append(cast(Proposal.flags, String).like(f'%"{f.flag}"%'))
    if f.proposer_kind == PartyKind.EDUCATION_UNIT.value:
        conditions.append(Proposal.proposer_unit_id.is_not(None))
    elif f.proposer_kind:
        kind_of = select(Organisation.id).where(Organisation.kind == f.proposer_kind)
        conditions.append(Proposal.proposer_organisation_id.in_(kind_of))
    if f.unit_id is not None:
        conditions.append(Proposal.proposer_unit_id.in_(_units(session, f.unit_id)))
    if f.month:
        start, end = month_range(*f.month)
        conditions += [Proposal.created_at >= start, Proposal.created_at < end]
    return conditions


def _report_conditions(session: DbSession, f: QueueFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [true()]
    if f.what == "proposals" or f.flag or f.proposer_kind == PartyKind.EDUCATION_UNIT.value:
        conditions.append(false())
    if f.status == "":
        conditions.append(ContactReport.noted_at.is_(None))
    elif f.status == "noted":
        conditions.append(ContactReport.noted_at.is_not(None))
    elif f.status != "all":
        conditions.append(false())
    if f.proposer_kind:
        conditions.append(ContactReport.company_kind == f.proposer_kind)
    if f.unit_id is not None:
        conditions.append(ContactReport.unit_id.in_(_units(session, f.unit_id)))
    if f.month:
        start, end = month_range(*f.month)
        conditions += [ContactReport.created_at >= start, ContactReport.created_at < end]
    return conditions


@dataclass(frozen=True)
class QueueItem:
    """One line of the queue: a proposal or a report."""

    at: datetime
    proposal: Proposal | None = None
    report: ContactReport | None = None


def queue(session: DbSession, f: QueueFilter, page: int = 1, per_page: int = PAGE_SIZE) -> tuple[list[QueueItem], bool]:
    """One page of the queue and whether there is a next one: by default what awaits the Sở oldest first (first
    come, first decided), then the proposals approved automatically, newest first; any other selection newest
    first. Three queries whatever the page's size."""
    waiting = case((Proposal.status.in_(AWAITING), 0), else_=1)
    proposals = select(
        literal("proposal").label("kind"),
        Proposal.id.label("id"),
        Proposal.created_at.label("at"),
        waiting.label("done"),
    )
    reports = select(literal("report").label("kind"), ContactReport.id, ContactReport.created_at, literal(0))
    both = union_all(
        proposals.where(and_(*_proposal_conditions(session, f))),
        reports.where(and_(*_report_conditions(session, f))),
    ).subquery()
    if f.status == "":
        # Awaiting: oldest first; approved automatically (done = 1): newest first.
        order: tuple[Any, ...] = (
            both.c.done,
            case((both.c.done == 0, both.c.at)),
            case((both.c.done == 1, both.c.at)).desc(),
            both.c.id,
        )
    else:
        order = (both.c.at.desc(), both.c.id.desc())
    rows = session.execute(
        select(both.c.kind, both.c.id).order_by(*order).offset((max(page, 1) - 1) * per_page).limit(per_page + 1)
    ).all()
    wanted = rows[:per_page]
    proposals_by_id = {
        p.id: p
        for p in session.scalars(select(Proposal).where(Proposal.id.in_([i for k, i in wanted if k == "proposal"])))
    }
    reports_by_id = {
        r.id: r
        for r in session.scalars(
            select(ContactReport).where(ContactReport.id.in_([i for k, i in wanted if k == "report"]))
        )
    }
    items = []
    for kind, id_ in wanted:
        if kind == "proposal":
            proposal = proposals_by_id[id_]
            items.append(QueueItem(proposal.created_at, proposal=proposal))
        else:
            report = reports_by_id[id_]
            items.append(QueueItem(report.created_at, report=report))
    return items, len(rows) > per_page


def proposals_of(
    session: DbSession, actor: User, page: int = 1, per_page: int = PAGE_SIZE
) -> tuple[list[Proposal], bool]:
    """One page of the proposals ``actor`` made (or, for a company account, that its company's accounts made),
    newest first, and whether there is a next page."""
    mine: ColumnElement[bool]
    if actor.organisation_id is not None:
        colleagues = select(User.id).where(User.organisation_id == actor.organisation_id)
        mine = Proposal.submitted_by_id.in_(colleagues)
    else:
        mine = Proposal.submitted_by_id == actor.id
    query = select(Proposal).where(mine).order_by(Proposal.created_at.desc(), Proposal.id.desc())
    rows = list(session.scalars(query.offset((max(page, 1) - 1) * per_page).limit(per_page + 1)))
    return rows[:per_page], len(rows) > per_page


def proposer_names(session: DbSession, proposals: list[Proposal]) -> dict[int, str]:
    """Each proposal's proposer (unit or organisation) by proposal id, in two queries."""
    units = {
        u.id: u.name for u in session.scalars(select(Unit).where(Unit.id.in_({p.proposer_unit_id for p in proposals})))
    }
    organisations = {
        o.id: o.name
        for o in session.scalars(
            select(Organisation).where(Organisation.id.in_({p.proposer_organisation_id for p in proposals}))
        )
    }
    return {
        p.id: units.get(p.proposer_unit_id or 0) or organisations.get(p.proposer_organisation_id or 0) or ""
        for p in proposals
    }


def history(session: DbSession, proposal: Proposal) -> list[tuple[AuditEntry, User | None]]:
    """The proposal's entries in the audit log, oldest first, with who acted (None: the system)."""
    return list(
        session.execute(
            select(AuditEntry, User)
            .join(User, User.id == AuditEntry.actor_id, isouter=True)
            .where(AuditEntry.object_type == "proposal", AuditEntry.object_id == proposal.id)
            .order_by(AuditEntry.id)
        )
    )


def decided_in(year: int, month: int) -> ColumnElement[bool]:
    """Proposals created or decided in the month (for the monthly summary)."""
    start, end = month_range(year, month)
    decided = select(ProposalDecision.proposal_id).where(
        ProposalDecision.decided_at >= start, ProposalDecision.decided_at < end
    )
    return and_(
        Proposal.status != ProposalStatus.DRAFT,
        or_(and_(Proposal.created_at >= start, Proposal.created_at < end), Proposal.id.in_(decided)),
    )
