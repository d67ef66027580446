"""What a SCORM launch adds after its page: the query and fragment of the launching resource's href joined with the
launching item's ``parameters``, as SCORM's Content Aggregation Model says an LMS builds the launch address
(SCORM 2004 CAM, the ``parameters`` attribute; Articulate writes ``index_lms.html?lang=vi``-like hrefs, iSpring and
Captivate ``parameters="?resume=false"``). The page it opens reads them from ``location.search`` and ``location.hash``.

The result only ever follows the page's address: it starts with ``?`` or ``#``, and every character a URL does not
allow in a query or fragment (space, quotes, ``<``, ``>``, a backslash, controls, letters outside ASCII) is
percent-encoded, so it can neither name another file nor close the attribute it is written into."""

from __future__ import annotations

from urllib.parse import quote

MAX_QUERY = 1000
"""Characters a launch's query and fragment may hold, encoded (real exports write a few dozen)."""

_SAFE = "!$&'()*+,;=:@/?-._~%"  # RFC 3986's query and fragment characters ('%' kept: already encoded as written)


def join(query: str, fragment: str, parameters: str) -> str:
    """``?query#fragment`` (each part only when present; ``""`` when neither is) of a launch whose href has
    ``query`` and ``fragment`` (without their ``?`` and ``#``) and whose item has ``parameters``, as SCORM CAM
    joins them: parameters starting with ``#`` are the fragment, unless the href has one; otherwise their
    leading ``?`` and ``&`` are dropped and they follow the href's query after ``&`` (or make the query)."""
    parameters = parameters.strip()
    if parameters.startswith("#"):
        fragment = fragment or parameters[1:]
    elif parameters:
        extra, _, more = parameters.lstrip("?&").partition("#")
        query = "&".join(part for part in (query, extra) if part)
        fragment = fragment or more
    tail = f"?{_encoded(query)}" if query else ""
    return tail + (f"#{_encoded(fragment)}" if fragment else "")


def _encoded(part: str) -> str:
    """``part`` with what a query or fragment may not hold percent-encoded (UTF-8 for letters outside ASCII); a
    ``%`` that starts no escape is encoded too, so that the address stays one a browser reads as written."""
    text = quote(part, safe=_SAFE)
    out = []
    for at, char in enumerate(text):
        escape = text[at + 1 : at + 3]
        if char == "%" and not (len(escape) == 2 and all(c in "0123456789abcdefABCDEF" for c in escape)):
            out.append("%25")
        else:
            out.append(char)
    return "".join(out)
