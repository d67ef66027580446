"""What screening a proposal finds: each ``Flag`` with its reason, place and the words that raised it, and the
``ScreeningResult`` of a proposal (its flags, and whether the Sở must review it). Stored, mailed and shown from
here; the codes and reasons themselves are ``section8_flags``'s."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale

from . import flag_text
from .section8_flags import KIND_OF_REASON, Place


@dataclass(frozen=True)
class Flag:
    """One finding: ``code`` (a flag of ``section8_flags``), its reason's ``reason_key`` and ``params``, the
    ``place`` where it was raised, the ``excerpt`` of the text there and ``match``, the span in ``excerpt`` of the
    words that raised it (None when they cannot be told apart)."""

    code: str
    reason_key: str
    params: Mapping[str, Any]
    place: Place
    excerpt: str
    match: tuple[int, int] | None

    @classmethod
    def make(cls, reason_key: str, place: Place, shown: str, matched: str, /, **params: Any) -> Flag:
        """The flag whose reason is ``reason_key``, raised by the words ``matched`` in ``shown``, at ``place``."""
        at = shown.find(matched) if matched else -1
        match = (at, at + len(matched)) if at >= 0 else None
        return cls(KIND_OF_REASON[reason_key].code, reason_key, params, place, shown, match)

    @property
    def reason(self) -> str:
        """The reason as an English sentence (for the command line and the log)."""
        with force_locale("en"):
            return flag_text.reason(self._parts())

    @property
    def evidence(self) -> str:
        """Where and what, in one line: "rules: …cài đặt ứng dụng Zalo…"."""
        return f"{self.place.path}: {self.excerpt}"

    def _parts(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "reason_key": self.reason_key,
            "params": dict(self.params),
            "place": self.place.to_json(),
            "excerpt": self.excerpt,
            "match": list(self.match) if self.match else None,
        }

    def to_stored(self) -> dict[str, Any]:
        """What a proposal keeps of the flag (JSON): its parts, and its English reason and evidence."""
        return {**self._parts(), "reason": self.reason, "evidence": self.evidence}

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "reason": self.reason, "evidence": self.evidence}


@dataclass(frozen=True)
class ScreeningResult:
    """The flags of a proposal, and whether the Sở must review it (any flag, or a proposer outside education)."""

    flags: list[Flag]
    needs_so_review: bool

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.flags}

    def to_json(self) -> dict[str, Any]:
        return {"flags": [f.to_json() for f in self.flags], "needs_so_review": self.needs_so_review}
