"""Views of the admin area: the Sở's queue of proposals and reports, the monthly summary, the audit log."""

from __future__ import annotations

from io import BytesIO

from flask import render_template, request, send_file
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..authz import roles_required
from ..extensions import db
from ..models import AuditEntry, Role, Unit, User
from ..services.proposals import monthly_summary, proposal_queue
from ..services.proposals.proposal_labels import PARTY_KIND, STATUS, label
from ..services.proposals.section8_flags import CODES, LABELS
from ..timeutil import to_local, utcnow
from ..vnsort import title_key
from . import bp

AUDIT_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter() -> proposal_queue.QueueFilter:
    """The queue's filters from the query string; unknown values filter nothing."""
    args = request.args

    def one_of(name: str, allowed: tuple[str, ...] | list[str]) -> str:
        value = args.get(name, "")
        return value if value in allowed else ""

    return proposal_queue.QueueFilter(
        what=one_of("what", proposal_queue.WHAT),
        status=one_of("status", proposal_queue.STATUSES),
        flag=one_of("flag", CODES),
        proposer_kind=one_of("kind", [k.value for k in PARTY_KIND]),
        unit_id=args.get("unit", type=int),
        month=proposal_queue.parse_month(args.get("month")),
    )


@bp.route("/proposals")
@roles_required(Role.REVIEWER, Role.ADMIN)
def proposals() -> str:
    chosen = _filter()
    page = max(request.args.get("page", 1, type=int), 1)
    items, has_next = proposal_queue.queue(db.session, chosen, page)
    listed = [i.proposal for i in items if i.proposal]
    units = sorted(db.session.scalars(select(Unit)), key=lambda u: title_key(u.name))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/proposals.html",
        items=items,
        proposers=proposal_queue.proposer_names(db.session, listed),
        unit_names={u.id: u.name for u in units},
        units=units,
        chosen=chosen,
        month=request.args.get("month", ""),
        page=page,
        has_next=has_next,
        args=args,
        codes=LABELS,
        kinds=PARTY_KIND,
        statuses=STATUS,
        label=label,
        this_month=to_local(utcnow()).strftime("%Y-%m"),
        recent_days=proposal_queue.RECENT_DAYS,
    )


@bp.route("/summary.xlsx")
@roles_required(Role.REVIEWER, Role.ADMIN)
def summary() -> Response:
    month = proposal_queue.parse_month(request.args.get("month"))
    if month is None:
        now = to_local(utcnow())
        month = (now.year, now.month)
    data = monthly_summary.build(db.session, *month)
    name = f"tong-hop-de-xuat-{month[0]}-{month[1]:02d}.xlsx"
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/audit")
@roles_required(Role.ADMIN)
def audit_log() -> str:
    before = request.args.get("before", type=int)
    query = select(AuditEntry, User).join(User, User.id == AuditEntry.actor_id, isouter=True)
    if before:
        query = query.where(AuditEntry.id < before)
    rows = db.session.execute(query.order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE)).all()
    return render_template("admin/audit.html", rows=rows, page_size=AUDIT_PAGE)
