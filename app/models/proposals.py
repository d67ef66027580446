"""Contest proposals: every contest needs an approved one before registration opens (Section 8).

Screening runs synchronously inside ``services.proposals.workflow.submit``, so "screening" is never a stored state: a
proposal goes from submitted straight to approved or in review in one transaction, and the audit log records
both steps.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import utcnow


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"


class Proposal(Model):
    """The proposal behind a contest: who proposes it, what it says, its last screening and where its review stands.

    ``content`` has exactly the JSON shape of ``services.proposals.screening.ProposalText``; ``title`` and ``summary``
    mirror it for lists. ``flags`` are the last screening's flags (``screening.Flag.to_stored``).
    ``revision`` counts submissions: 0 for a draft never submitted.
    """

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    flags: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    letter_hash: Mapped[str | None] = mapped_column(String(64))
    proposer_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    proposer_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    status: Mapped[ProposalStatus] = mapped_column(
        Enum(ProposalStatus, native_enum=False, length=20), default=ProposalStatus.DRAFT, index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    revisions: Mapped[list[ProposalRevision]] = relationship(
        order_by="ProposalRevision.number", cascade="all, delete-orphan", back_populates="proposal"
    )
    decisions: Mapped[list[ProposalDecision]] = relationship(
        order_by="ProposalDecision.id", cascade="all, delete-orphan", back_populates="proposal"
    )

    @property
    def approved(self) -> bool:
        return self.status is ProposalStatus.APPROVED

    @property
    def approved_automatically(self) -> bool:
        """Approved by screening (nothing flagged, an education unit proposes it), not by a reviewer."""
        return self.status is ProposalStatus.APPROVED and self.decided_by_id is None and self.decided_at is not None


class ProposalRevision(Model):
    """The content of a proposal as submitted the ``number``-th time (1, 2, ...)."""

    __tablename__ = "proposal_revisions"
    __table_args__ = (UniqueConstraint("proposal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="revisions")


class DecisionKind(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"


class ProposalDecision(Model):
    """A Sở reviewer's decision on a flagged proposal: the reason, and an answer for each flag
    (``flag_answers``: flag index as text → reason)."""

    __tablename__ = "proposal_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[DecisionKind] = mapped_column(Enum(DecisionKind, native_enum=False, length=20))
    reason: Mapped[str] = mapped_column(Text)
    flag_answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(default=0)
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="decisions")


class ContactReport(Model):
    """A unit's report that a company contacted it about a contest (Section 8): the Sở sees it in its queue and
    notes it (``noted_*``) once dealt with. ``attachment_hash`` is the stored file's digest (PDF or image)."""

    __tablename__ = "contact_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    company_name: Mapped[str] = mapped_column(String(200))
    company_kind: Mapped[str] = mapped_column(String(20))  # a screening.PartyKind other than education_unit
    contacted_on: Mapped[date] = mapped_column(Date)
    contest: Mapped[str] = mapped_column(Text)  # the contest as the company described it
    request: Mapped[str] = mapped_column(Text)  # what the company asked of the unit
    attachment_hash: Mapped[str | None] = mapped_column(String(64))
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    noted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    noted_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)


class ListedBrand(Model):
    """A brand on the Sở's list (services.proposals.brand_list): screening flags a proposal that names it.

    ``aliases`` count anywhere; ``ambiguous`` names only after a cue (see services.proposals.brands.Brand).
    """

    __tablename__ = "brands"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    ambiguous: Mapped[list[str]] = mapped_column(JSON, default=list)


class KnownCompany(Model):
    """A company on the Sở's list of known companies that are no products (services.proposals.company_list): named
    in a sponsoring, naming or receiving role, it makes a proposal S8-BUSINESS, never S8-PRODUCT.

    ``aliases`` and ``ambiguous`` as for ``ListedBrand``; ``bank``: named as where an account is kept, it is no party.
    """

    __tablename__ = "known_companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    ambiguous: Mapped[list[str]] = mapped_column(JSON, default=list)
    bank: Mapped[bool] = mapped_column(default=False)


class AttemptKind(enum.StrEnum):
    """What Section 8 stopped or found: a text refused on publishing, a contest used before its proposal was
    approved, a text published before the published-text screening that now raises a flag (re-screened)."""

    REFUSED_TEXT = "refused_text"
    UNAPPROVED = "unapproved"
    PUBLISHED_BEFORE = "published_before"


class Section8Attempt(Model):
    """One thing the Sở's reviewers must see that no proposal carries (services.proposals.refused_attempts): who
    (``actor_id``: who tried, or who wrote a re-screened text), when, in which contest, what (``what``: the English
    name of the text or the action, shown translated), the ``text`` and what screening ``found`` (stored flags,
    ``screening.Flag.to_stored``) or the proposal's status then. ``object_*`` point to a re-screened text. A
    reviewer marks it dealt with (``dealt_*``, ``note``); the row is never deleted."""

    __tablename__ = "section8_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    kind: Mapped[AttemptKind] = mapped_column(Enum(AttemptKind, native_enum=False, length=20), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id", ondelete="SET NULL"), index=True)
    contest_title: Mapped[str] = mapped_column(String(200), default="")
    what: Mapped[str] = mapped_column(String(120))
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column()
    text: Mapped[str] = mapped_column(Text, default="")
    found: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    proposal_status: Mapped[str | None] = mapped_column(String(20))
    dealt_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dealt_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)


class RescreenStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RescreenRun(Model):
    """One re-screening of every published text asked for by a Sở reviewer on the web
    (services.proposals.rescreen_runs), run by a worker's RQ job. The row is the truth, not the job: what is done
    is committed contest by contest with ``after_contest_id`` (the last contest finished), so a run whose worker
    died (its lease, ``claimed_until``, past) is queued again by the workers' sweep and goes on from there.
    ``contests_done`` of ``contests_total``, ``texts``, ``kept`` and ``kept_before`` are its progress and result.
    At most one run is queued or running (``active``)."""

    __tablename__ = "section8_rescreens"

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[RescreenStatus] = mapped_column(
        Enum(RescreenStatus, native_enum=False, length=10), default=RescreenStatus.QUEUED, index=True
    )
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    after_contest_id: Mapped[int] = mapped_column(default=0)
    contests_total: Mapped[int] = mapped_column(default=0)
    contests_done: Mapped[int] = mapped_column(default=0)
    texts: Mapped[int] = mapped_column(default=0)
    kept: Mapped[int] = mapped_column(default=0)
    kept_before: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    # True while the run waits or runs, None once it has ended: unique, so that two reviewers asking at once write one
    # run between them (rescreen_runs.request), whatever the database.
    active: Mapped[bool | None] = mapped_column(unique=True, default=True)
