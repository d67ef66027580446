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
  player shows them, the photo's path included (the picture itself is blanked in the copy: ``presenter_photo``).
- ActivePresenter's player (Atomi Systems) keeps the project's properties in ``PrezInfo`` (``AJAX/params.js``):
  its ``Author`` (by default the Windows login), ``Copyright`` and ``Homepage``; its name and description stay.
- The same settings kept as XML (``<presenter name="..." photo="...">`` with ``<jobTitle>``, ``<email>``... inside):
  every text and attribute inside a ``presenter`` or ``presenters`` element is emptied, but an element's ``id`` or
  index (which slides refer to), each element staying where it was; and anywhere in a tool's XML (a project's
  ``meta.xml``, ``<project title="..." author="...">``), an attribute or an element's own text named for a person as
  the keys above are (``author="..."``, ``<authorEmail>``; ``email`` when it holds an address) is emptied too
  (``clean_presenter_xml``).

Only string literals that are an object's values are emptied, and only those written without escaped quotes or
backslashes (``\\u1ec5`` is fine, and ``\\\\u1ec5`` as JSON kept in a script's string writes it): a value whose
end cannot be told for sure is left as it is, and read for names as the whole text is."""

from __future__ import annotations

import json
import re
from functools import partial

from lxml import etree

from ..packages import from_declaration
from .markup import serialise

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
_KEYED_CONTAINERS = {"prezinfo": {"author", "copyright", "homepage"}}
"""Objects of which only the values of these keys name the author (whatever their case)."""
_ASSIGNED = re.compile(rf"(?i)\b(?P<key>{'|'.join(_KEYED_CONTAINERS)})\s*=\s*(?=\{{)")
_PRESENTER = re.compile(rb"(?i)presenter")
_PERSON_HINT = re.compile(rb"(?i)presenter|author|e-?mail")


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


def _keys_emptied(keys: set[str], match: re.Match[str]) -> str:
    return _emptied(match) if _folded(match.group("key")) in keys else match.group()


def _keyed_emptied(text: str) -> str:
    """``text`` with the author's values of every object in ``_KEYED_CONTAINERS`` emptied."""
    folded = text.lower()
    if not any(name in folded for name in _KEYED_CONTAINERS):
        return text  # a fast test: a case-blind regex walks a large page slowly
    out: list[str] = []
    done = 0
    for match in _ASSIGNED.finditer(text):
        keys = _KEYED_CONTAINERS.get(_folded(match.group("key")))
        if match.start() < done or keys is None:
            continue
        end = _closing(text, match.end())
        out.append(text[done : match.end()])
        out.append(_PAIR.sub(partial(_keys_emptied, keys), text[match.end() : end]))
        done = end
    return "".join(out) + text[done:]


def clean_tool_data(data: bytes) -> bytes:
    """``data`` (a script or data file, UTF-8 or any ASCII-compatible encoding) with the names its tool keeps as
    the player's settings emptied (see the module docstring); every other byte as it was."""
    if b":" not in data and b"cp.cv" not in data:
        return data
    text = data.decode("utf-8", errors="surrogateescape")
    cleaned = _CAPTIVATE.sub(_people_emptied, text) if b"cp.cv" in data else text
    cleaned = _keyed_emptied(_PAIR.sub(_people_emptied, cleaned))
    if _PRESENTER.search(data):  # fast tests first: each walk over a large page (Rise's, 10 MB) takes a while
        cleaned = _presenters_emptied(cleaned)
    return data if cleaned == text else cleaned.encode("utf-8", errors="surrogateescape")


def presenter_values(data: bytes) -> list[str]:
    """The string values inside the presenter objects or lists of the script or page ``data``, their escapes read
    (a photo's path among them)."""
    if not _PRESENTER.search(data):
        return []
    text = data.decode("utf-8", errors="surrogateescape")
    found: list[str] = []
    done = 0
    for match in _CONTAINER.finditer(text):
        if match.start() < done or _folded(match.group("key")) not in _CONTAINERS:
            continue
        done = _closing(text, match.end())
        for pair in _PAIR.finditer(text, match.end(), done):
            found.append(_unquoted(pair.group("value")))
    return found


def _unquoted(value: str) -> str:
    try:
        return str(json.loads('"' + value[1:-1].replace('"', '\\"') + '"'))
    except ValueError:
        return value[1:-1]


def _is_container(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and _folded(etree.QName(element).localname) in _CONTAINERS


def _keeps(attribute: str) -> bool:
    """An attribute of a presenter's element that says which presenter it is, not who: slides refer to it."""
    name = _folded(etree.QName(attribute).localname)
    return name == "id" or name.endswith("index")


def presenter_xml_values(data: bytes) -> list[str]:
    """The texts and attribute values inside the presenter elements of the XML ``data`` (none if it is malformed)."""
    root = _parsed(data)
    if root is None:
        return []
    inside = (e for c in root.iter() if _is_container(c) for e in c.iter() if isinstance(e.tag, str))
    return [v for e in inside for v in (e.text or "", *e.attrib.values()) if v.strip()]


def clean_presenter_xml(data: bytes) -> bytes:
    """The XML ``data`` with every text and attribute inside its ``presenter`` and ``presenters`` elements
    emptied, but their ids and indexes, and every attribute and element's text named for a person (see the module
    docstring); ``data`` itself when it has none or is malformed."""
    root = _parsed(data, _PERSON_HINT)
    if root is None:
        return data
    changed = _people_emptied_in_xml(root)
    for container in [e for e in root.iter() if _is_container(e)]:
        for element in container.iter():
            if not isinstance(element.tag, str):
                continue
            if (element.text or "").strip():
                element.text, changed = "", True
            for attribute, value in element.attrib.items():
                if value and not _keeps(str(attribute)):
                    element.set(attribute, "")
                    changed = True
    if not changed:
        return data
    return serialise(etree.ElementTree(root))


def _names_a_person(name: str, value: str) -> bool:
    """Whether an XML attribute or element called ``name`` holding ``value`` names a person, as a script's key."""
    key = _folded(etree.QName(name).localname)
    return key in _PERSON_KEYS and bool(value.strip()) and ("@" in value or not key.endswith("email"))


def _people_emptied_in_xml(root: etree._Element) -> bool:
    """Empty, under ``root``, every attribute and every element's own text named for a person; whether any was."""
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if len(element) == 0 and _names_a_person(element.tag, element.text or ""):
            element.text, changed = "", True
        for attribute, value in element.attrib.items():
            if _names_a_person(str(attribute), str(value)):
                element.set(attribute, "")
                changed = True
    return changed


def _parsed(data: bytes, hint: re.Pattern[bytes] = _PRESENTER) -> etree._Element | None:
    if not hint.search(data):
        return None
    try:
        return etree.fromstring(from_declaration(data), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
