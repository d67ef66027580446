"""Paths on an author's computer or network, which name their login (``C:\\Users\\<login>\\...``, a shared folder
on ``\\\\MAY-NGOC``), as documents record them for a linked file; a judge's copy keeps the file's name alone."""

from __future__ import annotations

import re

_LOCAL_PATH = re.compile(r"(?i)^(file:|[a-z]:[\\/]|\\\\|/(Users|home)/)")


def is_local(target: str) -> bool:
    """Whether ``target`` is a path or ``file:`` address on a computer or a network share, not a web address."""
    return _LOCAL_PATH.match(target) is not None


def file_name(path: str) -> str:
    """The last part of ``path``, whatever its separators."""
    return re.split(r"[/\\]", path)[-1]
