"""The items of a SCORM manifest's organisation (SCORM 1.2 and 2004): what an LMS lists in a course's menu.

An organisation is a tree of ``<item>`` elements; an item that references a resource (``identifierref``) launches
it (a SCO or an asset), one that does not only groups the items under it. An LMS offers every launching item in
the order of the manifest, each under its own ``<title>`` (SCORM CAM). The organisation read is the manifest's
default one (``<organizations default>``), else its first, as for the launch page (``packages.launch_href``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from .xml_events import XML_BASE, from_declaration, start_parser

MAX_ITEMS = 500
"""Launching items read from one manifest (a long course has a few dozen); the rest are left out."""
MAX_TITLE = 200
"""Characters of an item's title kept (titles are a few words)."""


@dataclass(frozen=True)
class LaunchItem:
    """A launching item as a package's check found it: its ``title`` and ``level`` (``ManifestItem``), the file of
    the package it opens (``page``) and what follows the page's address (``launch_query.join``: ``""`` or
    ``?...``/``#...``)."""

    title: str
    level: int
    page: str
    query: str


@dataclass(frozen=True)
class ManifestItem:
    """A launching item: its ``title`` as written (spaces collapsed), its ``level`` (0 for an item directly under
    the organisation, 1 under one of those...), the ``href`` of its resource with ``xml:base`` applied, and the
    item's ``parameters`` (``""`` when it has none)."""

    title: str
    level: int
    href: str
    parameters: str


def organisation_items(xml: bytes) -> list[ManifestItem]:
    """The launching items of the manifest ``xml``'s default (else first) organisation, in document order, nested
    items flattened with their level; items whose resource is missing or has no href are left out. Raises as
    ``packages.launch_href`` does on malformed XML, an unknown encoding or a document type declaration."""
    default: str | None = None
    organisations: dict[str, list[tuple[str, int, str, str]]] = {}  # id: (idref, level, parameters, title)
    current: list[tuple[str, int, str, str]] | None = None
    stack: list[list[str]] = []  # per open item: [idref, parameters, title]
    hrefs: dict[str, str] = {}
    order: list[str] = []
    manifest_base: str | None = None
    base = ""
    in_title = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal default, base, manifest_base, current, in_title
        local = name.rsplit(" ", 1)[-1]
        if local == "manifest" and manifest_base is None:
            manifest_base = attrs.get(XML_BASE, "")
        elif local == "organizations":
            default = attrs.get("default")
        elif local == "organization":
            identifier = attrs.get("identifier", "")
            order.append(identifier)
            current = organisations.setdefault(identifier, [])
        elif local == "item" and current is not None:
            stack.append([attrs.get("identifierref", ""), attrs.get("parameters", ""), ""])
            if stack[-1][0]:
                current.append(("", 0, "", ""))  # its place in document order, filled in when it closes
                stack[-1].append(str(len(current) - 1))
        elif local == "title" and stack:
            in_title = True
        elif local == "resources":
            base = urljoin(manifest_base or "", attrs.get(XML_BASE, ""))
        elif local == "resource" and attrs.get("href"):
            href = urljoin(urljoin(base, attrs.get(XML_BASE, "")), attrs["href"])
            hrefs.setdefault(attrs.get("identifier", ""), href)

    def end(name: str) -> None:
        nonlocal current, in_title
        local = name.rsplit(" ", 1)[-1]
        if local == "title":
            in_title = False
        elif local == "item" and stack:
            idref, parameters, title, *place = stack.pop()
            if place and current is not None:
                current[int(place[0])] = (idref, len(stack), parameters, " ".join(title.split())[:MAX_TITLE])
        elif local == "organization":
            current = None

    def text(data: str) -> None:
        if in_title and stack and len(stack[-1][2]) <= MAX_TITLE:
            stack[-1][2] += data

    parser = start_parser(start, end, text)
    parser.Parse(from_declaration(xml), True)
    chosen = default if default in organisations else next(iter(order), None)
    found = [
        ManifestItem(title, level, hrefs[idref], parameters)
        for idref, level, parameters, title in organisations.get(chosen or "", [])
        if idref in hrefs
    ]
    return found[:MAX_ITEMS]
