"""The words shown for the values of proposals and reports (statuses, kinds, decisions), in the reader's
language: one table, used by the pages, the forms and the monthly summary."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...models import DecisionKind, ProposalStatus, UnitKind
from .screening import Contribution, PartyKind, PrizeKind

STATUS = {
    ProposalStatus.DRAFT: _l("draft"),
    ProposalStatus.SUBMITTED: _l("submitted"),
    ProposalStatus.IN_REVIEW: _l("in review at the Department"),
    ProposalStatus.APPROVED: _l("approved"),
    ProposalStatus.REJECTED: _l("rejected"),
    ProposalStatus.CHANGES_REQUESTED: _l("changes requested"),
}
DECISION = {
    DecisionKind.APPROVED: _l("Approve"),
    DecisionKind.REJECTED: _l("Reject"),
    DecisionKind.CHANGES_REQUESTED: _l("Request changes"),
}
PARTY_KIND = {
    PartyKind.EDUCATION_UNIT: _l("education unit"),
    PartyKind.STATE_AGENCY: _l("state agency"),
    PartyKind.ASSOCIATION: _l("association"),
    PartyKind.BUSINESS: _l("business"),
    PartyKind.FOREIGN: _l("foreign organisation"),
}
CONTRIBUTION = {
    Contribution.MONEY: _l("money"),
    Contribution.PRIZES: _l("prizes"),
    Contribution.PRODUCTS: _l("products"),
    Contribution.SERVICES: _l("services"),
}
PRIZE_KIND = {
    PrizeKind.MONEY: _l("money"),
    PrizeKind.PRODUCTS: _l("products"),
    PrizeKind.SCHOLARSHIPS: _l("scholarships"),
    PrizeKind.CERTIFICATES: _l("certificates"),
}
# Actions of the audit log that a proposal's history shows.
ACTION = {
    "proposal.create": _l("created as a draft"),
    "proposal.update": _l("changed"),
    "proposal.letter": _l("official letter replaced"),
    "proposal.submit": _l("submitted"),
    "proposal.screen": _l("screened"),
    "proposal.approve": _l("approved"),
    "proposal.reject": _l("rejected"),
    "proposal.request_changes": _l("sent back for changes"),
    "proposal.change_after_approval": _l("changed after approval"),
    "proposal.contest_changed": _l("changed with its contest's title or description"),
}


def label(table: dict, value: object) -> str:
    """The label of ``value`` in ``table`` (by value or by its text), or the value itself. A party given as a
    unit kind ("school", as proposals sent through the API may say) is an education unit."""
    if table is PARTY_KIND and str(value) in {k.value for k in UnitKind}:
        value = PartyKind.EDUCATION_UNIT
    for key, text in table.items():
        if key == value or str(key) == str(value):
            return str(text)
    return str(value or "")
