"""The harness (the ``sandbox.harness`` package) as the one program text the sandbox receives, and the stamp that
names it (the runner image carries the stamp of the harness compiled into it)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

HARNESS_DIR = Path(__file__).parent / "harness"
HARNESS_MODULES = ("common", "seccomp", "landlock", "cgroup", "monitor", "box", "launch", "runner", "protocol")
"""The harness's modules in dependency order: each imports only the standard library and those before it."""


def harness_source(directory: Path = HARNESS_DIR, modules: Sequence[str] = HARNESS_MODULES) -> str:
    """The harness as one program: ``modules`` joined in order under a single ``from __future__ import
    annotations``, with their top-level ``from __future__`` and relative (intra-harness) imports removed, so
    every name they imported from one another is a global defined earlier in the text.

    A scan of lines, not ``ast`` (which cost 7 ms of every command's start): such an import starts a line at
    column 0 and, when parenthesised, ends at the first line holding ``)``; tests/sandbox/test_harness_source.py
    checks the result against the modules' syntax trees."""
    parts = ["from __future__ import annotations\n"]
    for module in modules:
        kept: list[str] = []
        dropping = False
        for line in (directory / f"{module}.py").read_text().splitlines(keepends=True):
            if not dropping and line.startswith(("from .", "from __future__ ")):
                dropping = "(" in line and ")" not in line
                continue
            if dropping:
                dropping = ")" not in line
                continue
            kept.append(line)
        parts.append("".join(kept))
    return "\n\n".join(parts)


HARNESS_SOURCE = harness_source()
"""What runs inside the sandbox: passed to ``python3 -c`` by bubblewrap, and by Docker when the runner image's own
compiled harness (``image.HARNESS_PROGRAM``) is not this one."""
HARNESS_STAMP = hashlib.sha256(HARNESS_SOURCE.encode()).hexdigest()[:16]
"""Names ``HARNESS_SOURCE``: the runner image carries the stamp of the harness compiled into it."""
