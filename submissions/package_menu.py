"""The menu of a stored SCORM package: its launching items (``scorm_items``), read again from the stored zip as an
upload reads them (``packages.classify``), so that a judge's preview can open each one.

Only the zip's end, its directory and the manifest are read (``ContentStore.open_object``): the upload checked the
rest. Nothing is refused here: a zip that cannot be read, or whose manifest is faulty today, has no menu."""

from __future__ import annotations

from typing import IO

from .archive import Limits, UnreadableArchive, open_archive
from .packages import classify
from .scorm_items import LaunchItem


def menu(package: IO[bytes]) -> list[LaunchItem]:
    """The launching items of the stored SCORM ``package`` (a seekable file of a zip an upload accepted) in the
    order of its manifest; empty for another kind of package or one that cannot be read."""
    limits = Limits()
    try:
        with open_archive(package, limits, check_data=False) as archive:
            contents = classify(archive, limits)
    except UnreadableArchive:
        return []
    return contents.items if contents.kind == "scorm" and not contents.problems else []
