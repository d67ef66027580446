"""What a proposal's page shows, gathered in a fixed number of queries."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from sqlalchemy import select

from ..authz import me
from ..extensions import db
from ..models import Proposal, ProposalStatus, Role, User
from ..services import flag_text, proposal_queue, proposals
from ..services.proposal_labels import ACTION, CONTRIBUTION, DECISION, PARTY_KIND, PRIZE_KIND, label
from .forms import DecisionForm

AWAITING = (ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED)


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
        (older.number, newer.number, proposals.revision_diff(proposal, older.number, newer.number))
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
    own = reviews and proposals.has_authored(db.session, actor, proposal)
    return {
        "proposal": proposal,
        "proposer": proposal_queue.proposer_names(db.session, [proposal]).get(proposal.id, ""),
        "flags": flags_shown(proposal.flags),
        "decisions": decisions,
        "diffs": diffs,
        "history": [
            (entry, who, label(ACTION, entry.action)) for entry, who in proposal_queue.history(db.session, proposal)
        ],
        "can_edit": proposals.can_edit(actor, proposal),
        "can_decide": reviews and not own,
        "decides_own": own,  # a reviewer who made or changed it: another reviewer decides
        "form": form,
        "answers": answers,
        "labels": {"party": PARTY_KIND, "contribution": CONTRIBUTION, "prize": PRIZE_KIND, "label": label},
    }
