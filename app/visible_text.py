"""Whether a typed text shows anything at all.

A required field that holds only zero-width spaces, a byte order mark, soft hyphens or a variation selector looks
filled to the code (``str.strip`` keeps them all) and empty to every reader: a title, a name, a reason made of them
would be shown as nothing on every list, sheet and certificate. Inside visible text these characters have their
uses (the zero-width joiner binds an emoji sequence such as 👩‍💻, a variation selector picks an emoji's form,
Vietnamese typed in Unikey's decomposed mode carries combining marks), so a text is never stripped of them here:
only a text made of nothing else is told apart.
"""

from __future__ import annotations

import unicodedata

# Unicode's categories that draw nothing by themselves: controls, format characters (zero-width space, joiners,
# word joiner, byte order mark, soft hyphen, bidirectional marks, tags), separators, and marks with no base to sit
# on (variation selectors, the combining grapheme joiner, a combining accent alone).
_DRAWING_NOTHING = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters and symbols that fonts draw as blanks: the Hangul fillers, the braille blank, the Khmer inherent vowels
# and the Mongolian vowel separator (once a space).
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e")


def shows_nothing(text: str) -> bool:
    """Whether ``text`` has no character a reader would see (the empty text included): only whitespace, format
    characters, marks without a base and blank glyphs."""
    return all(c.isspace() or c in _BLANK_GLYPHS or unicodedata.category(c) in _DRAWING_NOTHING for c in text)


def only_invisible(text: str) -> bool:
    """Whether ``text`` shows nothing although it holds more than whitespace (a zero-width space, a byte order
    mark...): what ``str.strip`` would take for a filled-in text."""
    return bool(text.strip()) and shows_nothing(text)


def trimmed(text: str) -> str:
    """``text`` without the whitespace around it, or the empty text when it shows nothing (``shows_nothing``): what
    a required text read outside a form (a spreadsheet's cell, pasted from a web page) is checked as."""
    return "" if shows_nothing(text) else text.strip()
