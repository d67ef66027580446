"""A proposal's revisions as a person reads them: its content as lines, and the diff between two revisions."""

from __future__ import annotations

import difflib
from typing import Any

from ...models import Proposal


def render(content: dict[str, Any]) -> list[str]:
    """A proposal's content as lines a person reads (the base of ``revision_diff``)."""
    lines: list[str] = []

    def party(p: dict[str, Any] | None) -> str:
        return f"{(p or {}).get('name', '')} ({(p or {}).get('kind', '')})"

    for key in ("title", "summary", "rules", "participant_requirements"):
        lines.append(f"{key}: {content.get(key) or ''}")
    lines.append(f"proposer: {party(content.get('proposer'))}")
    lines += ["organisers:"] + [f"  - {party(p)}" for p in content.get("organisers") or []]
    lines += ["sponsors:"] + [
        f"  - {party(s)}, {s.get('contribution', '')}: {s.get('details', '')}" for s in content.get("sponsors") or []
    ]
    lines += ["prizes:"] + [f"  - {p.get('kind', '')}: {p.get('description', '')}" for p in content.get("prizes") or []]
    lines += ["fees:"] + [
        f"  - {f.get('amount', '')}, collected by {party(f.get('collected_by'))}" for f in content.get("fees") or []
    ]
    lines += ["categories:"] + [f"  - {name}" for name in content.get("categories") or []]
    lines += ["personal_data:"] + [
        f"  - {d.get('data', '')} → {party(d.get('recipient'))}" for d in content.get("personal_data") or []
    ]
    return lines


def revision_diff(proposal: Proposal, a: int, b: int) -> list[str]:
    """The unified diff from revision ``a`` to revision ``b`` of ``proposal`` (KeyError if one is missing)."""
    by_number = {r.number: r for r in proposal.revisions}
    return list(
        difflib.unified_diff(
            render(by_number[a].content),
            render(by_number[b].content),
            fromfile=f"revision {a}",
            tofile=f"revision {b}",
            lineterm="",
        )
    )
