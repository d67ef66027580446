"""Sweeping what killed processes leave behind in the store: files of its staging folder (uploads being received,
objects being written, packages being imported), a bucket's unfinished uploads and half-extracted preview files,
once older than a bound."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from submissions.store import ContentStore

log = logging.getLogger(__name__)


def sweep(store: ContentStore, older_than_hours: float) -> list[Path | str]:
    """Delete the staging files of ``store`` (and of its cache), its unfinished uploads (a bucket's), and the
    preview cache's partial files, last written more than ``older_than_hours`` ago; returns what was deleted (and
    logs how many)."""
    seconds = older_than_hours * 3600
    removed: list[Path | str] = [*store.sweep_staging(seconds), *store.sweep_uploads(seconds)]
    limit = time.time() - seconds
    for part in (store.local_root / "preview").glob("*/*/.part-*"):
        try:
            if part.stat().st_mtime < limit:
                part.unlink()
                removed.append(part)
        except FileNotFoundError:
            continue
    if removed:
        log.info("swept %d stale temporary files from %s", len(removed), store.local_root)
    return removed
