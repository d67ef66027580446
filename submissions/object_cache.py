"""A bounded folder of files on this host (the copies of remote objects, the extracted preview files), trimmed
by age of last use so that it stays under a size.

Safe under concurrent processes: files enter by rename (a reader never sees half of one), one process trims at a
time (an advisory lock; another finding it taken leaves the trim to it), and a file used within the last
``grace_seconds`` is never removed, so that a path just handed to a reader stays until it is opened. The bound may
thus be passed for a while by files all in use at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

GRACE_SECONDS = 120.0


def touch(path: Path) -> None:
    """Mark ``path`` as just used (its modification time orders the trim)."""
    with contextlib.suppress(FileNotFoundError, PermissionError):  # trimmed meanwhile: it only orders the trim
        os.utime(path)


def trim(root: Path, max_bytes: int, grace_seconds: float = GRACE_SECONDS, now: float | None = None) -> list[Path]:
    """Delete the least recently used files under ``root`` (temporary ``tmp`` folders and hidden files left out)
    until the rest take at most ``max_bytes``; returns what was deleted. Does nothing while another process
    trims the same folder."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".trim.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []
        files: list[tuple[float, int, Path]] = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != "tmp" and not d.startswith(".")]
            for name in names:
                if name.startswith("."):
                    continue
                path = Path(folder) / name
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                files.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in files)
        limit = (time.time() if now is None else now) - grace_seconds
        removed = []
        for mtime, size, path in sorted(files):
            if total <= max_bytes or mtime >= limit:
                break
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            total -= size
            removed.append(path)
        return removed
