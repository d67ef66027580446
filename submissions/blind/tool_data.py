"""The names an authoring tool's data scripts keep as settings of its player, emptied in a package's scripts and data
files: the player shows the field as it shows one never filled in, and nothing else changes.

- Adobe Captivate's ``CPM.js`` sets the project's information (Preferences > Project > Information), which its
  Info button shows, as system variables: ``cp.cv('cpInfoAuthor', '<author>', 1, 15, 0)``, likewise
  ``cpInfoCompany``, ``cpInfoEmail``, ``cpInfoWebsite`` and ``cpInfoCopyright`` (or ``cpInfoAuthor: '...'``).
- Keys of an object that name a person in a script (``"author"``, ``authorName``, ``authorEmail``, ``email`` when
  it holds an address, ``presenterName``...: Articulate Storyline's ``data.js``, which keeps its JSON inside a
  string, iSpring's player settings), whatever their quotes.
- Every value inside a ``presenter`` or ``presenters`` object or list (iSpring's and Articulate Presenter's
  presenter: ``name``, ``jobTitle``, ``email``, ``phone``, ``company``, ``biography``, ``photo``...), whose
  player shows them, the photo's path included (the picture file itself stays in the package).

Only string literals that are an object's values are emptied, and only those written without escaped quotes or
backslashes (``\\u1ec5`` is fine, and ``\\\\u1ec5`` as JSON kept in a script's string writes it): a value whose
end cannot be told for sure is left as it is, and read for names as the whole text is."""

from __future__ import annotations

import re

_ESCAPE = r"""\\{1,2}[^"'\\\n]"""  # \u1ec5, and \\u1ec5 as JSON kept in a script's string writes it
_STRING = rf"""(?P<value>"(?:[^"\\\n]|{_ESCAPE})*"|'(?:[^'\\\n]|{_ESCAPE})*')"""
_KEY = r"""(?P<lead>[{,]\s*)(?P<quote>["']?)(?P<key>[A-Za-z_$][\w$-]*)(?P=quote)\s*:\s*"""
_PAIR = re.compile(_KEY + _STRING)
_CAPTIVATE = re.compile(r"""\bcp\.cv\(\s*(?P<quote>["'])(?P<key>cpInfo\w+)(?P=quote)\s*,\s*""" + _STRING)
_CONTAINER = re.compile(_KEY + r"(?=[\[{])")

_PERSON_KEYS = {
    "author",
    "authorname",
    "authoremail",
    "authorwebsite",
    "authororganization",
    "authorcompany",
    "email",
    "presentername",
    "presenteremail",
    "presenterphoto",
    "presenterbio",
    "cpinfoauthor",
    "cpinfocompany",
    "cpinfoemail",
    "cpinfowebsite",
    "cpinfocopyright",
}
_CONTAINERS = {"presenter", "presenters"}


def _folded(key: str) -> str:
    return key.replace("_", "").replace("-", "").casefold()


def _emptied(match: re.Match[str]) -> str:
    value = match.group("value")
    start = match.start("value") - match.start()
    return match.group()[:start] + value[0] * 2


def _people_emptied(match: re.Match[str]) -> str:
    key = _folded(match.group("key"))
    if key not in _PERSON_KEYS or (key.endswith("email") and "@" not in match.group("value")):
        return match.group()  # an "email" that is no address is a library's message ("Please enter an email")
    return _emptied(match)


def _closing(text: str, at: int) -> int:
    """The index just past the bracket that closes the one at ``at``, strings skipped; ``len(text)`` if none."""
    depth, quote, escaped = 0, "", False
    for index in range(at, len(text)):
        char = text[index]
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _presenters_emptied(text: str) -> str:
    """``text`` with every string value inside a presenter's object or list emptied."""
    out: list[str] = []
    done = 0
    for match in _CONTAINER.finditer(text):
        if match.start() < done or _folded(match.group("key")) not in _CONTAINERS:
            continue
        end = _closing(text, match.end())
        out.append(text[done : match.end()])
        out.append(_PAIR.sub(_emptied, text[match.end() : end]))
        done = end
    return "".join(out) + text[done:]


def clean_tool_data(data: bytes) -> bytes:
    """``data`` (a script or data file, UTF-8 or any ASCII-compatible encoding) with the names its tool keeps as
    the player's settings emptied (see the module docstring); every other byte as it was."""
    if b":" not in data and b"cp.cv" not in data:
        return data
    text = data.decode("utf-8", errors="surrogateescape")
    cleaned = _presenters_emptied(_PAIR.sub(_people_emptied, _CAPTIVATE.sub(_people_emptied, text)))
    return data if cleaned == text else cleaned.encode("utf-8", errors="surrogateescape")
