"""Contest proposals through Section 8: drafts, submission with screening, the Sở's decisions, revisions.

Screening runs inside ``submit``: a proposal goes from submitted to approved (nothing flagged and an education
unit proposes) or in review at the Sở in the same transaction. Every transition is written to the audit log with
who did it and why; reviewers are mailed about each flagged proposal and the proposer about each decision.
"""

from __future__ import annotations

import copy
import re
from typing import IO, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import (
    AuditEntry,
    Contest,
    DecisionKind,
    Organisation,
    OrganisationKind,
    Proposal,
    ProposalDecision,
    ProposalRevision,
    ProposalStatus,
    Role,
    User,
)
from ...policies.proposals import may_edit
from ...timeutil import utcnow
from ...visible_text import shows_nothing
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from . import brand_list
from .attachments import store_checked
from .contest_proposals import as_its_contests
from .proposal_mail import mail_proposer, mail_reviewers
from .screening import PartyKind, ProposalText, screen

Letter = bytes | IO[bytes]
# What the audit log records of a person making or changing a proposal: whoever did may not decide it.
AUTHORING_ACTIONS = (
    "proposal.create",
    "proposal.update",
    "proposal.submit",
    "proposal.letter",
    "proposal.change_after_approval",
)
# The parts of a proposal whose change after approval sends it back to screening (Section 8). Every other part
# is screened too (a brand in the title), so in practice any change of content is screened again.
RESCREENED_FIELDS = ("organisers", "sponsors", "prizes", "rules")

_STATUS_OF = {
    DecisionKind.APPROVED: ProposalStatus.APPROVED,
    DecisionKind.REJECTED: ProposalStatus.REJECTED,
    DecisionKind.CHANGES_REQUESTED: ProposalStatus.CHANGES_REQUESTED,
}
_ACTION_OF = {
    DecisionKind.APPROVED: "proposal.approve",
    DecisionKind.REJECTED: "proposal.reject",
    DecisionKind.CHANGES_REQUESTED: "proposal.request_changes",
}
_ORGANISATION_KIND = {
    PartyKind.BUSINESS: OrganisationKind.BUSINESS,
    PartyKind.ASSOCIATION: OrganisationKind.ASSOCIATION,
    PartyKind.STATE_AGENCY: OrganisationKind.STATE_AGENCY,
    PartyKind.FOREIGN: OrganisationKind.FOREIGN,
}


def parse(content: object) -> ProposalText:
    """The proposal ``content`` says; InvalidInput naming the first missing or bad field."""
    try:
        return ProposalText.from_json(content)
    except ValueError as error:
        problem = str(error)
        match = re.match(r"(?:unknown field )?([A-Za-z_]+)", problem)
        raise InvalidInput(
            _l("The proposal is not valid: %(problem)s.", problem=problem), match.group(1) if match else None
        ) from None


def _store_letter(letter: Letter | None, store: ContentStore | None) -> str | None:
    """The digest of the official letter once stored; InvalidInput (storing nothing) unless it is a PDF (by its
    content) of at most attachments.MAX_ATTACHMENT_MB."""
    if letter is None:
        return None
    if store is None:
        raise ValueError("a letter needs a store")
    return store_checked(letter, store, frozenset({"pdf"}), _l("The official letter must be a PDF file."), "letter")


def _as_company(actor: User, content: dict[str, Any]) -> dict[str, Any]:
    """``content`` with a company account's organisation as the proposer: a company proposes in its own name,
    whatever the form says, so that screening always sees who proposes."""
    if actor.organisation is None:
        return content
    return {**content, "proposer": {"name": actor.organisation.name, "kind": PartyKind.BUSINESS.value}}


def _set_content(session: DbSession, actor: User, proposal: Proposal, text: ProposalText, content: dict) -> None:
    proposal.content = copy.deepcopy(content)
    proposal.title = text.title[:200]
    proposal.summary = text.summary
    if actor.organisation_id is not None:
        proposal.proposer_unit_id = None
        proposal.proposer_organisation_id = actor.organisation_id
    elif text.proposer.kind is PartyKind.EDUCATION_UNIT:
        proposal.proposer_unit_id = actor.unit_id
        proposal.proposer_organisation_id = None
    else:
        proposal.proposer_unit_id = None
        proposal.proposer_organisation_id = _organisation(session, text.proposer.name, text.proposer.kind).id


def _organisation(session: DbSession, name: str, kind: PartyKind) -> Organisation:
    """The organisation of that name, created on first use."""
    found = session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if found is None:
        found = Organisation(name=name, kind=_ORGANISATION_KIND[kind])
        session.add(found)
        session.flush()
    return found


def has_authored(session: DbSession, user: User, proposal: Proposal) -> bool:
    """Whether ``user`` made, changed or submitted ``proposal``: its submitter, the author of one of its revisions,
    or someone whose change of it the audit log holds."""
    if user.id == proposal.submitted_by_id or any(r.created_by_id == user.id for r in proposal.revisions):
        return True
    changed = select(AuditEntry.id).where(
        AuditEntry.object_type == "proposal",
        AuditEntry.object_id == proposal.id,
        AuditEntry.actor_id == user.id,
        AuditEntry.action.in_(AUTHORING_ACTIONS),
    )
    return bool(session.scalar(select(exists(changed))))


def create_draft(
    session: DbSession, actor: User, content: dict[str, Any], letter: Letter | None, store: ContentStore | None
) -> Proposal:
    """A new draft proposal by ``actor`` with ``content`` (the JSON shape of ProposalText) and the official
    letter (a PDF's bytes or stream, optional). The proposer is a company account's organisation, else the
    actor's unit when ``content["proposer"]["kind"]`` is an education unit, else the named organisation."""
    content = _as_company(actor, content)
    text = parse(content)
    digest = _store_letter(letter, store)
    proposal = Proposal(status=ProposalStatus.DRAFT, submitted_by_id=actor.id, revision=0, flags=[])
    _set_content(session, actor, proposal, text, content)
    proposal.letter_hash = digest
    session.add(proposal)
    session.flush()
    audit.record(session, "proposal.create", actor_id=actor.id, object_type="proposal", object_id=proposal.id)
    return proposal


def update_draft(
    session: DbSession,
    actor: User,
    proposal: Proposal,
    content: dict[str, Any],
    letter: Letter | None = None,
    store: ContentStore | None = None,
) -> Proposal:
    """Change a draft (or a proposal sent back for changes); a new letter replaces the old one."""
    if not may_edit(actor, proposal):
        raise NotAllowed()
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED):
        raise InvalidInput(_l("Only a draft or a proposal sent back for changes can be edited."), "status")
    content = as_its_contests(session, proposal, _as_company(actor, content))
    text = parse(content)
    digest = _store_letter(letter, store)
    _set_content(session, actor, proposal, text, content)
    if digest is not None:
        proposal.letter_hash = digest
    audit.record(session, "proposal.update", actor_id=actor.id, object_type="proposal", object_id=proposal.id)
    return proposal


def submit(session: DbSession, actor: User, proposal: Proposal, *, require_letter: bool = False) -> Proposal:
    """Submit a draft: keep it as a new revision, screen it, and approve it (nothing flagged, an education unit
    proposes) or send it to the Sở's reviewers, who are mailed. With ``require_letter`` (the web form), a
    proposal without its official letter is refused."""
    if not may_edit(actor, proposal):
        raise NotAllowed()
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED):
        raise InvalidInput(_l("This proposal has already been submitted."), "status")
    if require_letter and not proposal.letter_hash:
        raise InvalidInput(_l("Attach the official letter (PDF) before submitting."), "letter")
    return _submit(session, actor, proposal)


def _submit(session: DbSession, actor: User, proposal: Proposal) -> Proposal:
    text = parse(proposal.content)
    proposal.revision += 1
    proposal.revisions.append(
        ProposalRevision(number=proposal.revision, content=copy.deepcopy(proposal.content), created_by_id=actor.id)
    )
    proposal.status = ProposalStatus.SUBMITTED
    proposal.decided_by_id = None
    proposal.decided_at = None
    proposal.decision_reason = None
    session.flush()
    audit.record(
        session,
        "proposal.submit",
        actor_id=actor.id,
        object_type="proposal",
        object_id=proposal.id,
        data={"revision": proposal.revision},
    )
    result = screen(text, brand_list.current(session))
    proposal.flags = [f.to_stored() for f in result.flags]
    if not result.needs_so_review and proposal.proposer_unit_id is not None:
        proposal.status = ProposalStatus.APPROVED
        proposal.decided_at = utcnow()
        proposal.decision_reason = "Screening found nothing under Section 8 and an education unit proposes it."
        why = proposal.decision_reason
    else:
        proposal.status = ProposalStatus.IN_REVIEW
        why = "Flagged by screening or proposed from outside the education system: the Sở decides."
    # The screening is the system's act, not the submitter's: no actor.
    audit.record(
        session,
        "proposal.screen",
        actor_id=None,
        object_type="proposal",
        object_id=proposal.id,
        reason=why,
        data={"revision": proposal.revision, "flags": [f.code for f in result.flags], "status": proposal.status.value},
    )
    if proposal.status is ProposalStatus.IN_REVIEW:
        mail_reviewers(session, proposal)
    return proposal


def decide(
    session: DbSession,
    reviewer: User,
    proposal: Proposal,
    decision: DecisionKind | str,
    reason: str,
    flag_answers: dict[Any, str],
    revision: int | None = None,
) -> ProposalDecision:
    """A Sở reviewer's decision on a proposal in review, with a reason and an answer for every flag
    (``flag_answers`` keyed by the flag's index, as int or text, or by its code). The proposer is mailed.

    ``revision``, when given, is the revision the reviewer read: a decision on an older one is refused. A
    proposal left ``submitted`` (from before screening ran on submit) is decided like one in review. A reviewer
    who made or changed the proposal (``has_authored``) may not decide it (NotAllowed).
    """
    if not reviewer.has_role(Role.REVIEWER):
        raise NotAllowed()
    if has_authored(session, reviewer, proposal):
        raise NotAllowed(_l("You submitted or revised this proposal: another reviewer of the Department decides it."))
    if proposal.status not in (ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED):
        raise InvalidInput(_l("This proposal is not awaiting a decision."), "status")
    if revision is not None and revision != proposal.revision:
        raise InvalidInput(_l("The proposal has changed since you opened it: read it again."), "revision")
    try:
        kind = DecisionKind(decision)
    except ValueError:
        raise InvalidInput(_l("Choose approve, reject or request changes."), "decision") from None
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_l("Give the reason for the decision."), "reason")
    answers: dict[str, str] = {}
    for i, flag in enumerate(proposal.flags):
        answer = flag_answers.get(i) or flag_answers.get(str(i)) or flag_answers.get(flag["code"]) or ""
        if shows_nothing(answer):  # a reviewer's form reads these answers itself: no form cleared invisible ones
            raise InvalidInput(
                _l("Answer flag %(number)s (%(code)s) with a reason.", number=i + 1, code=flag["code"]),
                f"flag_answers[{i}]",
            )
        answers[str(i)] = answer.strip()
    row = ProposalDecision(
        reviewer_id=reviewer.id,
        decision=kind,
        reason=reason,
        flag_answers=answers,
        revision=proposal.revision,
        decided_at=utcnow(),
    )
    proposal.decisions.append(row)
    proposal.status = _STATUS_OF[kind]
    proposal.decided_by_id = reviewer.id
    proposal.decided_at = row.decided_at
    proposal.decision_reason = reason
    session.flush()
    audit.record(
        session,
        _ACTION_OF[kind],
        actor_id=reviewer.id,
        object_type="proposal",
        object_id=proposal.id,
        reason=reason,
        data={"revision": proposal.revision, "flag_answers": answers},
    )
    mail_proposer(session, proposal, row)
    return row


def change_after_approval(
    session: DbSession,
    actor: User,
    proposal: Proposal,
    content: dict[str, Any],
    letter: Letter | None = None,
    store: ContentStore | None = None,
) -> Proposal:
    """Change an approved proposal. Any change of content goes back through screening (the issue names
    organisers, sponsors, prizes and rules; a brand newly in the title must not slip through either), so a
    contest tied to it closes registration until the proposal is approved again. No change, no screening
    (a new letter alone is kept without one)."""
    if not may_edit(actor, proposal):
        raise NotAllowed()
    if proposal.status is not ProposalStatus.APPROVED:
        raise InvalidInput(_l("Only an approved proposal can be changed this way."), "status")
    content = as_its_contests(session, proposal, _as_company(actor, content))
    text = parse(content)
    digest = _store_letter(letter, store)
    if digest is not None and digest != proposal.letter_hash:
        proposal.letter_hash = digest
        audit.record(session, "proposal.letter", actor_id=actor.id, object_type="proposal", object_id=proposal.id)
    if content == proposal.content:
        return proposal
    changed = sorted(k for k in set(content) | set(proposal.content) if content.get(k) != proposal.content.get(k))
    _set_content(session, actor, proposal, text, content)
    audit.record(
        session,
        "proposal.change_after_approval",
        actor_id=actor.id,
        object_type="proposal",
        object_id=proposal.id,
        data={"fields": changed},
    )
    return _submit(session, actor, proposal)


def contest_text_changed(
    session: DbSession, actor: User, contest: Contest, categories_before: list[str] | None = None
) -> None:
    """``contest``, whose own proposal it is (``contests.organising.create_contest``, the demo's), was edited by its
    staff ``actor``: what contestants read is never left unscreened. A title or description that differs from the
    proposal's becomes its new revision and is screened again, as ``change_after_approval`` does, whatever the
    proposal's status, but one the Sở rejected (it stays rejected: a reviewer decided it, not screening). So are
    the names of its categories ("Bảng D - Cúp X"); a proposal made before it held them compares them with
    ``categories_before``, the names before the edit. The proposer is the contest's organising unit where the
    proposal's content does not name one, whoever edits."""
    proposal = contest.proposal
    if proposal is None or proposal.status is ProposalStatus.REJECTED:
        return
    categories = [category.name for category in contest.categories]
    stored = proposal.content.get("categories", categories if categories_before is None else categories_before)
    texts = {"title": contest.title, "summary": contest.description, "categories": categories}
    unit = {"name": contest.organiser_unit.name, "kind": PartyKind.EDUCATION_UNIT.value}
    content = {"proposer": unit, "organisers": [unit], **proposal.content}
    changed = sorted(k for k, v in texts.items() if (stored if k == "categories" else content.get(k)) != v)
    if not changed:
        return
    content |= texts
    text = parse(content)
    proposal.content = copy.deepcopy(content)
    proposal.title = text.title[:200]
    proposal.summary = text.summary
    if proposal.proposer_unit_id is None and proposal.proposer_organisation_id is None:
        proposal.proposer_unit_id = contest.organiser_unit_id
    audit.record(
        session,
        "proposal.contest_changed",
        actor_id=actor.id,
        object_type="proposal",
        object_id=proposal.id,
        data={"fields": changed},
    )
    _submit(session, actor, proposal)
