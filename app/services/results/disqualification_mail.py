"""The mails that tell an entry's authors it was disqualified, with the organisers' reason and the day, or
reinstated. Written in the Sở's language (not the organiser's who acts) and queued in the outbox
(``outbox.send_mail``) in the transaction of the change they report; authors without an address are told on the
entry's page only (``disqualification.author_note``)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from ...extensions import DbSession
from ...models import Entry
from ...timeutil import format_day
from ..records.outbox import mail_locale, send_mail


def _addresses(entry: Entry) -> list[str]:
    return [a.user.email for a in entry.authors if a.user.email]


def disqualified(session: DbSession, entry: Entry, reason: str, at: datetime) -> None:
    """Tell ``entry``'s authors that the organisers disqualified it at ``at`` (UTC) for ``reason``."""
    with force_locale(mail_locale()):
        subject = _("Your entry %(code)s was disqualified: %(contest)s", code=entry.code, contest=entry.contest.title)
        body = _(
            'The organisers of "%(contest)s" disqualified your entry %(code)s ("%(title)s") on %(date)s.\n\n'
            "Reason: %(reason)s\n\nThe entry is not ranked and receives no award. If you think this is a mistake, "
            "contact the organisers.\n",
            contest=entry.contest.title,
            code=entry.code,
            title=entry.title,
            date=format_day(at),
            reason=reason,
        )
    send_mail(session, _addresses(entry), subject, body)


def reinstated(session: DbSession, entry: Entry, at: datetime) -> None:
    """Tell ``entry``'s authors that the organisers undid its disqualification at ``at`` (UTC)."""
    with force_locale(mail_locale()):
        subject = _("Your entry %(code)s was reinstated: %(contest)s", code=entry.code, contest=entry.contest.title)
        body = _(
            'The organisers of "%(contest)s" reinstated your entry %(code)s ("%(title)s") on %(date)s: it is judged '
            "and ranked again like the other entries.\n",
            contest=entry.contest.title,
            code=entry.code,
            title=entry.title,
            date=format_day(at),
        )
    send_mail(session, _addresses(entry), subject, body)
