"""A script's comments, blanked in the judge's copy: a data file's header ("Bài giảng ... Người thực hiện: <author>",
a contact address) and the notes a teacher leaves beside the code (``// sửa ngày 12/3 - cô Ngọc``) are no part of
what the player runs. Each of their bytes but line breaks becomes a space, so the script keeps its length and every
line its number, and a comment holding a line break still ends a statement where it did.

Telling a comment from a string, a template literal or a regular expression needs the script read as JavaScript
reads it: strings (with their escapes and line continuations), template literals (with ``${...}`` inside, nested),
and a ``/`` that starts a regular expression where an expression may start (after an operator, a bracket, a comma,
``return``...) but divides after a name, a number, a closing bracket or ``++``. Where that reading meets what no script
holds (a string, template, regular expression or comment left open), only the comments before the first code are
blanked, as before anything could be mistaken. A comment a minifier keeps as a licence (``/*!``, ``@license``,
``@preserve``: a library's notice) stays. A script starting with ``#!`` or saved as UTF-16 is left as it is."""

from __future__ import annotations

import re

_BOM = b"\xef\xbb\xbf"
_SPACES = b" \t\r\n\f\v"
_KEPT = (b"/*!", b"@license", b"@preserve")
_NEXT = re.compile(rb"""['"`/{}]""")
_STRING = {
    b"'": re.compile(rb"'[^'\\\r\n]*(?:\\(?:\r\n|[\s\S])[^'\\\r\n]*)*'"),
    b'"': re.compile(rb'"[^"\\\r\n]*(?:\\(?:\r\n|[\s\S])[^"\\\r\n]*)*"'),
}
_TEMPLATE_PART = re.compile(rb"(?:[^`\\$]++|\\[\s\S]|\$(?!\{))*(`|\$\{)")
_REGEX = re.compile(rb"/(?![*/])(?:[^/\\\[\r\n]++|\\[^\r\n]|\[(?:[^\]\\\r\n]|\\[^\r\n])*\])+/[A-Za-z]*")
_WORD_BEFORE = re.compile(rb"[A-Za-z_$][\w$]*\Z")
_DIVIDES_AFTER = b")]"  # and a name or a number, but for the keywords below
_EXPRESSION_KEYWORDS = {
    b"return", b"typeof", b"instanceof", b"in", b"of", b"new", b"delete", b"void", b"throw", b"case", b"do",
    b"else", b"yield", b"await",
}  # fmt: skip


class _Unreadable(Exception):
    """Something no script holds, where this reading would have to guess."""


def without_comments(data: bytes) -> bytes:
    """``data`` (a script) with its comments blanked (see the module docstring)."""
    if data.startswith((b"#!", b"\xff\xfe", b"\xfe\xff")):
        return data
    out = bytearray(data)
    try:
        _blank_all(data, out)
    except _Unreadable:
        return _without_opening_comments(data)
    return bytes(out)


def _blank(data: bytes, out: bytearray, start: int, end: int) -> None:
    if not any(mark in data[start:end] for mark in _KEPT):
        out[start:end] = bytes(32 if byte not in b"\r\n" else byte for byte in data[start:end])


def _blank_all(data: bytes, out: bytearray) -> None:
    """Blank every comment of ``data`` in ``out``; raises ``_Unreadable``."""
    braces: list[bool] = []  # for each open brace, whether it opened a template literal's ``${``
    at = len(_BOM) if data.startswith(_BOM) else 0
    while found := _NEXT.search(data, at):
        at = found.start()
        char = data[at : at + 1]
        if char in _STRING:
            string = _STRING[char].match(data, at)
            if string is None:
                raise _Unreadable
            at = string.end()
        elif char == b"`" or (char == b"}" and braces and braces[-1]):
            if char == b"}":
                braces.pop()
            at = _template_rest(data, at + 1, braces)
        elif char == b"{":
            braces.append(False)
            at += 1
        elif char == b"}":
            if braces:
                braces.pop()
            at += 1
        elif data.startswith(b"//", at):
            end = len(data) if (newline := data.find(b"\n", at)) < 0 else newline
            _blank(data, out, at, end)
            at = end
        elif data.startswith(b"/*", at):
            end = data.find(b"*/", at + 2)
            if end < 0:
                raise _Unreadable
            _blank(data, out, at, end + 2)
            at = end + 2
        elif _regex_may_start(out, at):  # blanked: a comment just before is no token
            regex = _REGEX.match(data, at)
            if regex is None:
                raise _Unreadable
            at = regex.end()
        else:
            at += 1  # division
    if braces and braces[-1]:
        raise _Unreadable


def _template_rest(data: bytes, at: int, braces: list[bool]) -> int:
    """Where to read on from, in a template literal whose text resumes at ``at``: past its closing backquote, or
    past the ``${`` of its next substitution (then pushed on ``braces``)."""
    part = _TEMPLATE_PART.match(data, at)
    if part is None:
        raise _Unreadable
    if part.group(1) == b"${":
        braces.append(True)
    return part.end()


def _regex_may_start(data: bytes | bytearray, at: int) -> bool:
    """Whether the ``/`` at ``at`` starts a regular expression: not after a name (but a keyword that an expression
    follows), a number or a closing bracket."""
    end = at
    while end > 0 and data[end - 1] in _SPACES:
        end -= 1
    if end == 0 or (end == 3 and data.startswith(_BOM)):
        return True
    last = data[end - 1]
    if last in _DIVIDES_AFTER or data[end - 2 : end] in (b"++", b"--"):  # ``i++ / 2``
        return False
    if chr(last).isalnum() or last in b"_$":
        word = _WORD_BEFORE.search(data, max(0, end - 32), end)
        return word is not None and word.group() in _EXPRESSION_KEYWORDS
    return last < 0x80  # punctuation; a byte of a letter outside ASCII ends a name


def _without_opening_comments(data: bytes) -> bytes:
    """``data`` with the comments before its first code blanked."""
    start = len(_BOM) if data.startswith(_BOM) else 0
    out = bytearray(data)
    at = start
    while True:
        while at < len(data) and data[at] in _SPACES:
            at += 1
        if data.startswith(b"/*", at):
            end = data.find(b"*/", at + 2)
            if end < 0:
                return data  # not closed: not a script we can read
            end += 2
        elif data.startswith(b"//", at):
            end = len(data) if (newline := data.find(b"\n", at)) < 0 else newline
        else:
            return bytes(out)
        _blank(data, out, at, end)
        at = end
