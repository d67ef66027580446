"""What a proposal's page shows, gathered in a fixed number of queries."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..authz import me
from ..extensions import db
from ..models import Contest, Proposal, ProposalStatus, Role, User
from ..policies.proposals import may_edit
from ..services.contests.organising import RegistrationState, registration_state
from ..services.proposals import flag_text, proposal_queue, revision_diff, workflow
from ..services.proposals.proposal_labels import ACTION, CONTRIBUTION, DECISION, PARTY_KIND, PRIZE_KIND, label
from ..timeutil import format_datetime
from .forms import DecisionForm

AWAITING = (ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED)


def submitted_message(proposal: Proposal) -> str:
    """What became of the proposal just saved or submitted, and why, in the reader's language."""
    if proposal.status is ProposalStatus.DRAFT:
        return _("The draft is saved.")
    if proposal.approved_automatically:
        return _(
            "The proposal is approved automatically: Section 8 screening found no flags and an education unit "
            "proposes it. The Department sees it in its list of proposals."
        )
    if proposal.flags:
        codes = ", ".join(dict.fromkeys(f["code"] for f in proposal.flags))
        return _(
            "The proposal is submitted and awaits the Department's review: screening flagged %(codes)s.", codes=codes
        )
    return _("The proposal is submitted and awaits the Department's review: its proposer is not an education unit.")


def contest_saved_message(contest: Contest) -> str:
    """What the organiser is told of a contest just edited: saved, and, while its proposal is not approved (a
    changed title or description is screened again), that registration waits for the Department."""
    proposal = contest.proposal
    if proposal is None or proposal.approved:
        return _("Saved.")
    codes = ", ".join(dict.fromkeys(f["code"] for f in proposal.flags)) or "-"
    return _(
        "Saved. The contest's proposal awaits the Department (screening flags: %(codes)s): registration stays "
        "closed until it is approved.",
        codes=codes,
    )


def contest_created_message(contest: Contest) -> str:
    """What the organiser is told of a new contest: whether its proposal was approved automatically (and why)
    and when registration opens, or that it awaits the Department."""
    proposal = contest.proposal
    if proposal is None or not proposal.approved:
        codes = ", ".join(dict.fromkeys(f["code"] for f in proposal.flags)) if proposal else ""
        return _(
            "The contest has been created. Screening flagged its proposal (%(codes)s): registration opens once the "
            "Department approves it.",
            codes=codes,
        )
    if registration_state(contest) is RegistrationState.OPEN:
        opening = _("Registration is open.")
    else:
        opening = _("Registration opens on %(date)s.", date=format_datetime(contest.registration_opens))
    return " ".join(
        (
            _(
                "The contest has been created and its proposal approved automatically: Section 8 screening found "
                "no flags and your unit, part of the education system, proposes it."
            ),
            opening,
        )
    )


def flags_shown(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each flag with its reason in the reader's language and its evidence split for highlighting."""
    return [{"code": f["code"], "reason": flag_text.reason(f), "evidence": flag_text.evidence(f)} for f in flags]


def page_context(proposal: Proposal, form: DecisionForm, answers: dict[int, str]) -> dict[str, Any]:
    """The template's values for ``proposal``'s page; ``answers`` refill a refused decision's answers."""
    actor = me()
    reviewer_ids = {d.reviewer_id for d in proposal.decisions}
    names = {u.id: u.full_name for u in db.session.scalars(select(User).where(User.id.in_(reviewer_ids)))}
    revisions = proposal.revisions
    diffs = [
        (older.number, newer.number, revision_diff.revision_diff(proposal, older.number, newer.number))
        for older, newer in pairwise(revisions)
    ]
    decisions = [
        {
            "row": d,
            "reviewer": names.get(d.reviewer_id, ""),
            "label": label(DECISION, d.decision),
            "answers": [
                (proposal.flags[int(i)] if int(i) < len(proposal.flags) else {"code": "?"}, answer)
                for i, answer in d.flag_answers.items()
            ],
        }
        for d in proposal.decisions
    ]
    reviews = actor.has_role(Role.REVIEWER) and proposal.status in AWAITING
    own = reviews and workflow.has_authored(db.session, actor, proposal)
    return {
        "proposal": proposal,
        "proposer": proposal_queue.proposer_names(db.session, [proposal]).get(proposal.id, ""),
        "flags": flags_shown(proposal.flags),
        "decisions": decisions,
        "diffs": diffs,
        "history": [
            (entry, who, label(ACTION, entry.action)) for entry, who in proposal_queue.history(db.session, proposal)
        ],
        "can_edit": may_edit(actor, proposal),
        "can_decide": reviews and not own,
        "decides_own": own,  # a reviewer who made or changed it: another reviewer decides
        "form": form,
        "answers": answers,
        "labels": {"party": PARTY_KIND, "contribution": CONTRIBUTION, "prize": PRIZE_KIND, "label": label},
    }
