"""The transport of e-mail: through SMTP when ``HOITHI_SMTP_HOST`` is set, else written as .eml files into a folder.

Nothing in hoithi calls this directly but the outbox's sender (``app.services.records.outbox``): to send a mail, call
``outbox.send_mail``, which queues it in the caller's transaction. In development and tests nothing leaves the
machine: each message is a UTF-8 ``.eml`` file in ``MAIL_FOLDER`` that any mail client opens.
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
    """A message could not be sent (the SMTP server refused it, did not answer in time or could not be reached,
    or the folder could not be written); its text says what happened."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    starttls: bool = True
    timeout: float = 10.0  # seconds for each exchange with the server: a silent server fails the attempt soon


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
                timeout=float(config.get("SMTP_TIMEOUT") or 10),
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
        try:
            if self.smtp is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / f"{uuid.uuid4().hex}.eml").write_bytes(msg.as_bytes())
                return
            with smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=self.smtp.timeout) as server:
                if self.smtp.starttls:
                    server.starttls()
                if self.smtp.user:
                    server.login(self.smtp.user, self.smtp.password)
                server.send_message(msg)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("sending mail %r to %s failed: %s", msg["Subject"], to, error)
            raise MailError(f"{type(error).__name__}: {error}") from error
