"""Sending e-mail: through SMTP when ``HOITHI_SMTP_HOST`` is set, else written as .eml files into a folder.

In development and tests nothing leaves the machine: each message is a UTF-8 ``.eml`` file in ``MAIL_FOLDER``
that any mail client opens.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_SENDER = "hoithi@localhost"


class MailError(Exception):
    """A message could not be sent (the SMTP server refused it or could not be reached)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    starttls: bool = True


class Mailer:
    """Sends messages by SMTP (``smtp`` given) or writes them into ``folder``."""

    def __init__(self, folder: str | Path, sender: str = DEFAULT_SENDER, smtp: SmtpSettings | None = None) -> None:
        self.folder = Path(folder)
        self.sender = sender
        self.smtp = smtp

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Mailer:
        """The mailer the app's configuration (``SMTP_*``, ``MAIL_FOLDER``) describes."""
        smtp = None
        if config.get("SMTP_HOST"):
            smtp = SmtpSettings(
                host=config["SMTP_HOST"],
                port=int(config.get("SMTP_PORT") or 587),
                user=config.get("SMTP_USER") or "",
                password=config.get("SMTP_PASSWORD") or "",
                starttls=bool(config.get("SMTP_STARTTLS", True)),
            )
        return cls(config.get("MAIL_FOLDER") or "mail", config.get("SMTP_FROM") or DEFAULT_SENDER, smtp)

    def message(self, to: list[str], subject: str, body: str) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = ", ".join(to)
        msg["Subject"] = subject
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain="hoithi")
        msg.set_content(body, charset="utf-8")
        return msg

    def send(self, to: list[str], subject: str, body: str) -> None:
        """Send one message to the addresses in ``to`` (empty ones dropped; nothing sent if none remain)."""
        to = [a.strip() for a in to if a and a.strip()]
        if not to:
            return
        msg = self.message(to, str(subject), str(body))
        if self.smtp is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{uuid.uuid4().hex}.eml"
            path.write_bytes(msg.as_bytes())
            return
        try:
            with smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=30) as server:
                if self.smtp.starttls:
                    server.starttls()
                if self.smtp.user:
                    server.login(self.smtp.user, self.smtp.password)
                server.send_message(msg)
        except (OSError, smtplib.SMTPException) as error:
            log.error("sending mail %r to %s failed: %s", msg["Subject"], to, error)
            raise MailError(str(error)) from error


def app_mailer() -> Mailer:
    """The mailer of the current Flask app's configuration."""
    from flask import current_app

    return Mailer.from_config(current_app.config)
