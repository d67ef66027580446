"""Apps and platforms that a proposal requires participants to install or register for by name, whether or not
they are on the Sở's list: "phụ huynh phải tải ứng dụng MoMo và đăng ký tài khoản", "students must download the
Edmodo app". An app with a coined name is a business's product, to be reviewed like one, unless it is one of the
free tools of the Ministry's curriculum or one of the state's own (``NOT_A_BUSINESS``); an app named in Vietnamese
words ("ứng dụng Sổ liên lạc điện tử") is not taken for a brand.

A requirement binds participants as in ``company_products`` (``mention_reading.binds``, no release); the verb is
one of installing or registering, then within a few words the kind of thing ("ứng dụng", "app", "phần mềm", "nền
tảng", "ví điện tử") and right after it the name.
"""

from __future__ import annotations

import re

from .company_products import Requirement
from .mention_reading import binding_clauses
from .vietnamese_text import any_phrase, fold, is_syllable

NOT_A_BUSINESS = frozenset(
    ["scratch", "python", "pascal", "free pascal", "code::blocks", "codeblocks", "libreoffice", "geogebra",
     "arduino", "micro:bit", "microbit", "moodle", "thonny", "mblock", "unikey", "evkey",
     # The state's own apps: identity, social insurance, health, public services.
     "vneid", "vssid", "bluezone", "pc-covid", "etax", "ihanoi"]
)  # fmt: skip
"""Folded names of apps that are no business's product: the curriculum's free tools (as brands.yaml leaves them off
the list), free Vietnamese keyboards and the state's apps."""

_VERBS = {
    # "tải" alone is also "tài" and "tại" typed without diacritics ("tai khoan"): only with what is fetched.
    "install": ["cài", "cài đặt", "tải về", "tải xuống", "tải ứng dụng", "tải app", "tải phần mềm", "install",
                "download"],
    "register for": ["đăng ký", "đăng kí", "đăng nhập", "tạo tài khoản", "mở tài khoản", "register", "sign up",
                     "log in", "sign in", "create an account", "open an account", "make an account"],
    # Making the entry on a platform is using it: "thiết kế trên nền tảng ClassPoint", "built on the X platform"
    # (``_MAKING``: but "xây dựng ứng dụng HealthBuddy" names the entry itself).
    "use": ["sử dụng", "dùng", "làm bài", "use", "using", "thiết kế", "xây dựng", "soạn", "triển khai", "lập trình",
            "build", "built", "deploy", "deployed", "program"],
}  # fmt: skip
_VERB_PATTERNS = [(verb, any_phrase(words)) for verb, words in _VERBS.items()]
# Verbs of making, which use a platform only on or with it: "thiết kế trên/bằng X", "build on X".
_MAKING = any_phrase(
    ["thiết kế", "xây dựng", "soạn", "triển khai", "lập trình", "build", "built", "deploy", "deployed", "program"]
)
_ON = any_phrase(["trên", "bằng", "on", "with", "using"])
_KIND = any_phrase(["ứng dụng", "app", "phần mềm", "nền tảng", "ví điện tử", "application", "platform"])
_NAME = re.compile(r"\s*(?:the\s+)?([^\W_][\w:.+-]*(?:\s+[A-Z0-9][\w:.+-]*)*)")
# English puts the name first: "download the Brainly app", "build on the Roblox platform".
_NAME_THEN_KIND = re.compile(
    r"\s+(?:(?:on|in|with)\s+)?(?:the\s+)?([A-Z][\w:.+-]*)\s+(?:app|application|platform)(?![^\W_])"
)
_REACH_WORDS = 6


def _words(text: str) -> int:
    return len(re.findall(r"[^\W_]+", text))


def _coined(name: str) -> bool:
    """Whether ``name`` is a coined name, as brands are: its first word has a capital and cannot be a Vietnamese
    syllable ("MoMo", "VNeID", "Edmodo"), and it is not one of ``NOT_A_BUSINESS`` (also at a sentence's end:
    "phần mềm Scratch.")."""
    name = name.rstrip(".:-")
    first = name.split()[0]
    if not any(ch.isupper() for ch in first) or is_syllable(first):
        return False
    return fold(name) not in NOT_A_BUSINESS and fold(first) not in NOT_A_BUSINESS


def _named_after(clause: str, low: str, verb_start: int, verb_end: int) -> re.Match[str] | None:
    """The app's name that the verb at ``clause[verb_start:verb_end]`` governs: "tải ứng dụng MoMo", "đăng ký tài
    khoản trên nền tảng Edmodo", "download the Brainly app"; None if it names none."""
    english = _NAME_THEN_KIND.match(clause, verb_end)
    if english is not None:
        return english
    kind = _KIND.search(low, verb_start)
    if kind is None or _words(clause[verb_end : kind.start()]) > _REACH_WORDS:
        return None
    return _NAME.match(clause, kind.end())


def required_apps(text: str, implied: bool = False) -> list[Requirement]:
    """Every requirement in ``text`` (NFC) that participants install or register for an app named by a coined
    name; ``implied``: every clause is a requirement (the participant requirements). Each is a ``Requirement``
    whose business is the app's name, with the strongest verb that governs it."""
    found: dict[str, Requirement] = {}
    for begin, clause, low in binding_clauses(text, implied):
        for verb, pattern in _VERB_PATTERNS:
            for m in pattern.finditer(low):
                name = _named_after(clause, low, m.start(), m.end())
                if name is None or not _coined(name.group(1)) or name.group(1) in found:
                    continue
                if verb == "use" and name.group(1).split()[0].isupper():
                    continue  # initials name the Sở's or a school's own systems too: "thi trên nền tảng LMS của Sở"
                if _MAKING.fullmatch(m.group()) and not _ON.search(low, m.end(), name.start(1)):
                    continue  # "xây dựng ứng dụng HealthBuddy": the entry's own name
                end = name.end(1)
                written = clause[m.start() : end]
                found[name.group(1)] = Requirement((name.group(1),), verb, begin + m.start(), begin + end, written)
    return sorted(found.values(), key=lambda r: r.start)
