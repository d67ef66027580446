"""Paths on an author's computer or network, which name their login (``C:\\Users\\<login>\\...``, a shared folder
on ``\\\\MAY-NGOC``), as documents record them for a linked file; a judge's copy keeps the file's name alone. Where
such a path is the work's text (an authoring tool's data script), the login it names is reported (``logins``)."""

from __future__ import annotations

import re

_LOCAL_PATH = re.compile(r"(?i)^(file:|[a-z]:[\\/]|\\\\|/(Users|home)/)")
_LOGIN = re.compile(
    r"""(?ix)
    (?: \b[a-z]:[\\/]+(?:users|documents\ and\ settings)[\\/]+   # Windows: C:\Users\<login>\, escaped or not
      | (?:file://|(?<=["'\s(=,]))/(?:users|home)/ )              # a Mac's or Linux's home, not a web address's path
    ([^\\/"'<>:*?|%$\r\n]+)(?=[\\/])                             # the login, as far as the next folder"""
)
_EVERY_COMPUTER = {
    *("public", "default", "default user", "all users", "administrator", "admin", "user", "owner", "guest"),
    *("hp", "dell", "asus", "acer", "lenovo", "msi", "pc", "laptop", "computer", "windows"),  # a shop's first login
}


def is_local(target: str) -> bool:
    """Whether ``target`` is a path or ``file:`` address on a computer or a network share, not a web address."""
    return _LOCAL_PATH.match(target) is not None


def file_name(path: str) -> str:
    """The last part of ``path``, whatever its separators."""
    return re.split(r"[/\\]", path)[-1]


def logins(text: str) -> list[str]:
    """The logins that the paths on a computer in ``text`` name (``C:\\Users\\NgocNTB\\...``: ``NgocNTB``),
    those every computer has (Public, Default, Administrator...) left out."""
    found = (m.group(1).strip() for m in _LOGIN.finditer(text))
    return list(dict.fromkeys(login for login in found if login and login.casefold() not in _EVERY_COMPUTER))
