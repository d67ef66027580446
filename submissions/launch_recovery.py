"""The launch query of a package stored before launch queries were recorded (``entry_files.launch_query`` NULL:
such packages open at their page alone, and a Storyline course exported with ``index_lms.html?lang=vi`` opens in
its default language), read again from the package's own manifest (``imsmanifest.xml``, ``tincan.xml``,
``cmi5.xml``) as an upload reads it today (``packages.classify``).

A package that opens today must keep opening at the same page: the query is recovered only when today's reading
launches the very page recorded at upload, finds no problem with the manifest (a query longer than
``launch_query.MAX_QUERY`` is such a problem) and adds something after it. Nothing is refused or changed here: what
today's upload check would refuse in a package accepted then (a program beside the pages, a video cut short) has no
bearing on where it starts."""

from __future__ import annotations

from typing import IO

from .archive import Limits, UnreadableArchive, open_archive
from .packages import classify


def recovered_query(package: IO[bytes], launch: str) -> str | None:
    """What the manifest of the stored ``package`` (a seekable file of a zip that an upload accepted, opening at
    ``launch``) adds after its launch page (``?...``, ``#...``, encoded as ``launch_query.join`` makes it); ``None``
    when it adds nothing, when today's reading would open another page or finds the manifest faulty, or when the
    zip cannot be read.

    Only the zip's end, its directory and the entries the reading needs (the manifest) are read, each entry checked
    against its CRC as it is: the upload checked the rest, and the store's object may be hundreds of megabytes
    (``ContentStore.open_object``)."""
    limits = Limits()
    try:
        with open_archive(package, limits, check_data=False) as archive:
            contents = classify(archive, limits)
    except UnreadableArchive:
        return None
    if contents.launch != launch or contents.problems:
        return None
    return contents.launch_query
