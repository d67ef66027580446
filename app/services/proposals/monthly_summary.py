"""The Sở's monthly summary of Section 8 as an .xlsx: the proposals created or decided in a month with their
flags and decisions, the units' reports of companies' contests, and a checkpoint of the audit log's head (a copy
kept outside the database, which ``hoithi audit verify --checkpoints`` checks)."""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select

from ...extensions import DbSession
from ...models import ContactReport, Proposal, Unit, User
from ...timeutil import format_date, format_datetime
from ..records import audit
from ..xlsx_text import append_row, set_widths
from . import flag_text
from .proposal_labels import PARTY_KIND, STATUS, label
from .proposal_queue import decided_in, month_range, proposer_names


def _people(session: DbSession, ids: set[int | None]) -> dict[int, str]:
    return {u.id: u.full_name for u in session.scalars(select(User).where(User.id.in_(ids - {None})))}


def build(session: DbSession, year: int, month: int) -> bytes:
    """The summary of ``month`` of ``year`` (days in Vietnam's time) as .xlsx bytes, headings in the reader's
    language."""
    proposals = list(session.scalars(select(Proposal).where(decided_in(year, month)).order_by(Proposal.created_at)))
    start, end = month_range(year, month)
    reports = list(
        session.scalars(
            select(ContactReport)
            .where(ContactReport.created_at >= start, ContactReport.created_at < end)
            .order_by(ContactReport.created_at)
        )
    )
    proposers = proposer_names(session, proposals)
    named: set[int | None] = {d.reviewer_id for p in proposals for d in p.decisions}
    named |= {r.reported_by_id for r in reports} | {r.noted_by_id for r in reports}
    people = _people(session, named)
    units = {u.id: u.name for u in session.scalars(select(Unit).where(Unit.id.in_({r.unit_id for r in reports})))}

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Proposals"))
    set_widths(sheet, [6, 10, 40, 30, 17, 9, 18, 50, 50, 40])
    append_row(sheet, [_("Summary of contest proposals and reports, %(month)02d/%(year)s", month=month, year=year)])
    append_row(
        sheet,
        [
            _("No."), _("Proposal"), _("Title"), _("Proposer"), _("Created"), _("Revision"), _("Status"),
            _("Flags"), _("Decisions"), _("Reason"),
        ],
    )  # fmt: skip
    for i, p in enumerate(proposals, start=1):
        flags = "\n".join(f"{f['code']}: {flag_text.reason(f)}" for f in p.flags)
        decisions = "\n\n".join(
            f"{format_datetime(d.decided_at)} {people.get(d.reviewer_id, '')}: {label(STATUS, d.decision.value)}"
            + "".join(
                f"\n- {p.flags[int(k)]['code'] if int(k) < len(p.flags) else k}: {v}" for k, v in d.flag_answers.items()
            )
            for d in p.decisions
        )
        append_row(
            sheet,
            [
                i, p.id, p.title, proposers.get(p.id, ""), format_datetime(p.created_at), p.revision,
                label(STATUS, p.status), flags, decisions, p.decision_reason or "",
            ],
        )  # fmt: skip
    sheet = workbook.create_sheet(_("Reports"))
    set_widths(sheet, [6, 30, 30, 16, 14, 40, 40, 24, 17, 17, 40])
    append_row(
        sheet,
        [
            _("No."), _("Unit"), _("Company"), _("Kind"), _("Contacted on"), _("The contest"),
            _("Asked of the unit"), _("Reported by"), _("Recorded"), _("Dealt with"), _("Note"),
        ],
    )  # fmt: skip
    for i, r in enumerate(reports, start=1):
        append_row(
            sheet,
            [
                i, units.get(r.unit_id, ""), r.company_name, label(PARTY_KIND, r.company_kind),
                format_date(r.contacted_on), r.contest, r.request, people.get(r.reported_by_id, ""),
                format_datetime(r.created_at), format_datetime(r.noted_at), r.note or "",
            ],
        )  # fmt: skip
    sheet = workbook.create_sheet(_("Audit log"))
    set_widths(sheet, [40, 120])
    checkpoint = audit.head(session)
    if checkpoint is None:
        append_row(sheet, [_("The audit log is empty.")])
    else:
        append_row(sheet, [_("Checkpoint of the audit log"), format_datetime(checkpoint.at)])
        append_row(sheet, [_("Entries in the log"), checkpoint.count])
        append_row(sheet, [_("Last entry"), checkpoint.entry_id])
        append_row(sheet, [_("Its hash"), checkpoint.hash])
        append_row(sheet, [_("For hoithi audit verify --checkpoints"), checkpoint.line()])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
