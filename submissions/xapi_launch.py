"""The page an xAPI (Tin Can) package or a cmi5 course launches, as its own descriptor names it: ``tincan.xml``'s
first ``activity > launch``, ``cmi5.xml``'s first ``au > url``. Authoring tools write these beside pages that are
not called ``index.html`` (Captivate's ``index_TINCAN.html`` beside its ``goodbye.html``), so the descriptor is what
tells the start page. A launch that is an address elsewhere (``https://...``) names nothing in the package."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit
from xml.parsers import expat

from .launch_query import join
from .xml_events import start_parser

DESCRIPTORS = ("tincan.xml", "cmi5.xml")
"""The descriptors' names, lower case."""
_LAUNCH = {"launch", "url"}  # tincan's activity > launch, cmi5's au > url
_PARENT = {"launch": "activity", "url": "au"}


def launch_path(xml: bytes) -> tuple[str, str] | None:
    """The path, relative to the descriptor's folder, of the page the descriptor ``xml`` launches (percent-decoded),
    and its query and fragment as a launch keeps them (``launch_query.join``: ``""`` when none; cmi5's LMS adds its
    own parameters after the URL's); ``None`` when it names none in the package, or is not well-formed XML (a
    document type declaration is refused, as a manifest's is: ``xml_events``)."""
    found: list[str] = []
    stack: list[str] = []
    text: list[str] = []

    def start(name: str, _attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local in _LAUNCH and stack and stack[-1] == _PARENT[local] and not found:
            text.clear()
        stack.append(local)

    def end(name: str) -> None:
        local = stack.pop()
        if local in _LAUNCH and stack and stack[-1] == _PARENT[local] and not found:
            found.append("".join(text).strip())

    def data(chunk: str) -> None:
        text.append(chunk)

    parser = start_parser(start)
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    try:
        parser.Parse(xml, True)
    except (expat.ExpatError, ValueError, LookupError):
        return None
    if not found or not found[0]:
        return None
    url = urlsplit(found[0].replace("\\", "/"))
    path = posixpath.normpath(unquote(url.path)) if url.path else ""
    if url.scheme or url.netloc or not path or path.startswith(("../", "/")) or path == "..":
        return None
    return path, join(url.query, url.fragment, "")
