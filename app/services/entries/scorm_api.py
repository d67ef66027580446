"""A stand-in LMS for the preview: the SCORM API object that a package's pages look for, given to each page.

SCORM content finds its LMS by looking for ``API`` (SCORM 1.2) or ``API_1484_11`` (SCORM 2004) on its own window,
then on its parents. In the preview every page has an opaque origin of its own (the sandbox), so reaching into the
page around it throws, and content that does not catch that stops before the lesson starts; even content that
catches it only says that there is no LMS. The preview therefore puts an API on each page it serves, ahead of the
page's own scripts: every call succeeds, what the lesson sets is kept while the page is open (so that it reads its
progress back), and nothing is stored or sent anywhere. The learner's name and id are empty: judges are blind.
"""

from __future__ import annotations

SCRIPT = b"""<script>/* hoithi preview: a stand-in SCORM API, nothing is stored */(function () {
  var values = {
    "cmi.core.lesson_status": "not attempted", "cmi.core.entry": "ab-initio", "cmi.core.lesson_mode": "normal",
    "cmi.core.credit": "credit", "cmi.completion_status": "unknown", "cmi.success_status": "unknown",
    "cmi.entry": "ab-initio", "cmi.mode": "normal", "cmi.credit": "credit"
  };
  function get(key) { return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : ""; }
  function set(key, value) { values[key] = String(value); return "true"; }
  function yes() { return "true"; }
  function none() { return "0"; }
  function empty() { return ""; }
  if (!window.API) {
    window.API = {LMSInitialize: yes, LMSFinish: yes, LMSGetValue: get, LMSSetValue: set, LMSCommit: yes,
      LMSGetLastError: none, LMSGetErrorString: empty, LMSGetDiagnostic: empty};
  }
  if (!window.API_1484_11) {
    window.API_1484_11 = {Initialize: yes, Terminate: yes, GetValue: get, SetValue: set, Commit: yes,
      GetLastError: none, GetErrorString: empty, GetDiagnostic: empty, version: "1.0"};
  }
})();</script>"""

_TAGS = (b"<head", b"<html", b"<!doctype")
"""The tags ``SCRIPT`` goes after, the first found of them."""
_LOOKED_AT = 64 * 1024
"""How far into a page its tags are looked for: they open it, and a page without them is not searched whole."""


def with_api(page: bytes) -> bytes:
    """``page`` (an HTML page in an ASCII-compatible encoding) with ``SCRIPT`` after its ``<head>`` tag, else after
    its ``<html>`` tag, else after its doctype (each looked for in the page's first ``_LOOKED_AT`` bytes, in one
    pass each), else at its start (after a byte order mark): before its own scripts, and never ahead of its doctype,
    which would put the page in quirks mode."""
    start = page[:_LOOKED_AT].lower()
    for tag in _TAGS:
        end = _tag_end(start, tag)
        if end is not None:
            return page[:end] + SCRIPT + page[end:]
    bom = b"\xef\xbb\xbf" if page.startswith(b"\xef\xbb\xbf") else b""
    return bom + SCRIPT + page[len(bom) :]


def _tag_end(text: bytes, tag: bytes) -> int | None:
    """Where the first ``tag`` (lower case, followed by ``>``, a space or a slash, as ``<head>`` or ``<html lang=vi>``)
    in ``text`` ends, just past its ``>``; None when there is none."""
    at = text.find(tag)
    while at != -1:
        after = at + len(tag)
        if text[after : after + 1] in (b">", b" ", b"\t", b"\n", b"\r", b"/"):  # empty at the end: no
            close = text.find(b">", after)
            return None if close == -1 else close + 1
        at = text.find(tag, after)
    return None
