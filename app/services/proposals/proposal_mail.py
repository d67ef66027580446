"""The mails of the proposal workflow: to the Sở's reviewers on each proposal that awaits them, to the proposer
on each decision. Written in the Sở's language (not the acting user's) and queued in the outbox
(``outbox.send_mail``) in the transaction of the change they report."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import AccountStatus, DecisionKind, Proposal, ProposalDecision, Role, User, UserRole
from ..records.outbox import mail_locale, send_mail
from . import flag_text

_DECISION_WORDS = {
    DecisionKind.APPROVED: _l("approved"),
    DecisionKind.REJECTED: _l("rejected"),
    DecisionKind.CHANGES_REQUESTED: _l("sent back for changes"),
}


def reviewer_addresses(session: DbSession) -> list[str]:
    """The addresses of the active Sở reviewers."""
    return list(
        session.scalars(
            select(User.email)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.REVIEWER, User.status == AccountStatus.ACTIVE, User.email.is_not(None))
            .distinct()
        )
    )


def mail_reviewers(session: DbSession, proposal: Proposal) -> None:
    """Tell the reviewers that ``proposal`` awaits their decision, with its flags."""
    with force_locale(mail_locale()):
        listed = [f"- {f['code']}: {flag_text.reason(f)}\n  {f['evidence']}" for f in proposal.flags]
        flags = "\n".join(listed) or _("(none: the proposer is outside the education system)")
        subject = _("Contest proposal to review: %(title)s", title=proposal.title)
        body = _(
            'The contest proposal "%(title)s" (no. %(id)s, revision %(revision)s) awaits the Department\'s '
            "decision.\n\nScreening flags:\n%(flags)s\n",
            title=proposal.title,
            id=proposal.id,
            revision=proposal.revision,
            flags=flags,
        )
    send_mail(session, reviewer_addresses(session), subject, body)


def mail_proposer(session: DbSession, proposal: Proposal, row: ProposalDecision) -> None:
    """Tell the person who submitted ``proposal`` the decision ``row``, with the answer to each flag."""
    proposer = session.get(User, proposal.submitted_by_id) if proposal.submitted_by_id else None
    if proposer is None or not proposer.email:
        return
    with force_locale(mail_locale()):
        answers = "\n".join(
            f"- {proposal.flags[int(i)]['code']}: {flag_text.reason(proposal.flags[int(i)])}\n  → {answer}"
            for i, answer in row.flag_answers.items()
        )
        subject = _(
            "Your contest proposal was %(decision)s: %(title)s",
            decision=_DECISION_WORDS[row.decision],
            title=proposal.title,
        )
        body = _(
            'The Department has %(decision)s the contest proposal "%(title)s".\n\nReason: %(reason)s\n\n%(answers)s\n',
            decision=_DECISION_WORDS[row.decision],
            title=proposal.title,
            reason=row.reason,
            answers=answers,
        )
    send_mail(session, [proposer.email], subject, body)
