"""The people an XMP packet names, taken out of a packet that is an authoring tool's data rather than a file's
description: TechSmith Camtasia's Smart Player reads its video files, captions, hotspots and table of contents from
the packet of ``<project>_config.xml`` and, for a page opened from disk, from the same packet kept as a JavaScript
string in ``scripts/config_xml.js`` (``TSC.embedded_config_xml = '...'``). The packet also holds what the author
typed as the video's information (Production Wizard, Video Info): Dublin Core's creator, publisher, rights and
contributor, XMP Rights' owner, a dynamic media's artist and composer.

Those properties, as elements (``<dc:creator><rdf:Seq><rdf:li>...``) or attributes (``dc:rights="..."``), are cut
out of the text, every other byte kept: the player's data stays whole, and a packet kept in a script's string stays
a string (nothing cut holds a quote or ends a line that the string does not end elsewhere). The prefixes are XMP's
usual ones, which the tools write."""

from __future__ import annotations

import re

_PEOPLE = (
    r"(?:dc:(?:creator|publisher|rights|contributor)|xmpRights:Owner|xmpDM:(?:artist|composer)"
    r"|photoshop:(?:AuthorsPosition|CaptionWriter|Credit))"
)
_ELEMENT = re.compile(rf"<(?P<tag>{_PEOPLE})(?=[\s/>])[^>]*?(?:/>|>.*?</(?P=tag)\s*>)", re.DOTALL)
_ATTRIBUTE = re.compile(rf"\s+{_PEOPLE}\s*=\s*(?:\"[^\"]*\"|'[^']*')")
TOOL_PACKETS = (b"techsmith.com/xmp",)
"""What marks a packet as a tool's data (cleaned here) rather than a file's description (removed whole by
``markup.clean_xml``)."""


def is_tool_packet(data: bytes) -> bool:
    """Whether ``data`` holds an XMP packet that a player reads its settings from."""
    return b"adobe:ns:meta/" in data and any(mark in data for mark in TOOL_PACKETS)


def without_people(data: bytes) -> bytes:
    """``data`` (an XML file or a script holding an XMP packet, UTF-8 or any ASCII-compatible encoding) without the
    people's properties (see the module docstring); ``data`` itself when it names none."""
    text = data.decode("utf-8", errors="surrogateescape")
    cleaned = _ATTRIBUTE.sub("", _ELEMENT.sub("", text))
    return data if cleaned == text else cleaned.encode("utf-8", errors="surrogateescape")
