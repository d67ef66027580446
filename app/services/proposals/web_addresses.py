"""Web and e-mail addresses in a proposal's text, read for whom they name.

A host names its owner by its words run together ("thienlong.com.vn" is Thiên Long's site, "hotro@thegioididong.com"
its mailbox), but the host of an address at a public mail service (``PUBLIC_MAIL_HOSTS``: "…@gmail.com") is anyone's
mailbox's: writing to it uses no product of the service, as a contest's contact address at gmail.com asks nothing of
anyone.
A school's or the state's host (".edu.vn", ".gov.vn") names no business, whatever its words."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Free mail services whose addresses anyone may hold (the service is no party to what is sent there).
PUBLIC_MAIL_HOSTS = frozenset(
    ["gmail.com", "googlemail.com", "outlook.com", "outlook.com.vn", "hotmail.com", "live.com", "msn.com",
     "yahoo.com", "yahoo.com.vn", "ymail.com", "icloud.com", "me.com", "proton.me", "protonmail.com", "aol.com",
     "zoho.com", "yandex.com", "mail.com", "gmx.com"]
)  # fmt: skip
# Hosts of schools and of the state: their words are a unit's, never a business's.
_PUBLIC_SUFFIXES = (".edu.vn", ".gov.vn", ".edu", ".gov")
_TOP_LEVEL = "com|net|org|vn|info|biz|io|edu|gov|me|asia|store|shop|online"
_HOST = rf"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TOP_LEVEL})(?:\.vn)?"
# An e-mail address (its host in group "host") or a web address's host (after "//", "www." or alone).
_ADDRESS = re.compile(
    rf"(?<![\w.@-])(?:(?P<mailbox>[\w.+-]+@)|(?:https?://)?)(?P<host>{_HOST})(?![\w-])", re.IGNORECASE | re.ASCII
)
_NOT_A_NAME = frozenset(["www", "m", "mail", *_TOP_LEVEL.split("|")])


@dataclass(frozen=True)
class HostWord:
    """One word of a host, ``text[start:end]`` (letters and digits, no dot): "thienlong" of "thienlong.com.vn"."""

    start: int
    end: int
    word: str


def public_mail_hosts(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are the host of an e-mail address at a public mail service (``PUBLIC_MAIL_HOSTS``),
    "gmail.com" of "lannt.ltk@gmail.com": the service is no party to it, nor its product named. The mailbox's own
    name before "@" is its holder's and is read as any text ("vinamilk.cuocthi@gmail.com" names Vinamilk)."""
    return [
        (m.start("host"), m.end("host"))
        for m in _ADDRESS.finditer(text)
        if m.group("mailbox") and m.group("host").lower() in PUBLIC_MAIL_HOSTS
    ]


def owner_words(text: str) -> list[HostWord]:
    """The words of each web or e-mail host in ``text`` that may name its owner: not "www" nor the top-level
    domain, and none of a public mail service's or a school's or the state's host."""
    words = []
    for m in _ADDRESS.finditer(text):
        host = m.group("host").lower()
        if host in PUBLIC_MAIL_HOSTS or host.endswith(_PUBLIC_SUFFIXES):
            continue
        for label in re.finditer(r"[a-z0-9-]+", host):
            if label.group() not in _NOT_A_NAME:
                words.append(HostWord(m.start("host") + label.start(), m.start("host") + label.end(), label.group()))
    return words
