"""Paths on an author's computer or network, which name their login (``C:\\Users\\<login>\\...``, a shared folder
on ``\\\\MAY-NGOC``), as documents record them for a linked file; a judge's copy keeps the file's name alone. Where
such a path is the work's text (an authoring tool's data script), the login it names is reported (``logins``)."""

from __future__ import annotations

import re

_LOCAL_PATH = re.compile(r"(?i)^(file:|[a-z]:[\\/]|\\\\|/(Users|home)/)")
_HOME = re.compile(r"(?i)[\\/](users|documents and settings|home)[\\/]+([^\\/\"'<>:*?|%$\r\n]+)(?=[\\/])")
# what must come before the home folder: a drive (C:\, escaped or not), or for /Users and /home, a file: address or
# the start of a string; not a web address's path (https://example.com/users/...)
_WINDOWS_ROOT = re.compile(r"(?i)(?:^|[^a-z0-9])[a-z]:[\\/]*$")
_UNIX_ROOT = re.compile(r"""(?i)(?:file:/*|^|["'\s(=,])$""")
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
    found = []
    for match in _HOME.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        windows = match.group(1).lower() != "home" and _WINDOWS_ROOT.search(before)
        unix = match.group(1).lower() != "documents and settings" and _UNIX_ROOT.search(before)
        login = match.group(2).strip()
        if (windows or unix) and login and login.casefold() not in _EVERY_COMPUTER:
            found.append(login)
    return list(dict.fromkeys(found))
