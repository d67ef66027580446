"""The items of an entry's SCORM package that its preview lists: every launching item of the manifest's
organisation, in order, under its title as written and with its level (``submissions.scorm_items``), read from the
copy the viewer receives (a judge's copy for a judge: ``entry_files.served_digest``), so that each item opens the
page of that copy. The titles are the work: a name in them is one of the names the author was warned about
(``judge_copies``: a manifest's words are read for names), not taken out.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from submissions.package_menu import menu
from submissions.scorm_items import LaunchItem
from submissions.store import ContentStore, StoreError

from ...models import EntryFile, FileKind
from .entry_files import served_digest, served_size

log = logging.getLogger(__name__)
_KEPT = 256  # menus kept per process, by the digest of their object
_menus: OrderedDict[str, tuple[LaunchItem, ...]] = OrderedDict()
_lock = threading.Lock()  # a server's threads share the menus


def preview_items(store: ContentStore, file: EntryFile, *, blind: bool) -> list[LaunchItem]:
    """The launching items of the package ``file`` as ``blind`` (a judge) or not receives it; empty for an HTML5
    package, and for one whose stored copy cannot be read (logged: the preview still opens at its launch page)."""
    if file.kind is not FileKind.SCORM:
        return []
    digest = served_digest(store, file, blind=blind)
    try:
        return list(_menu(store, digest, served_size(file, blind=blind)))
    except (StoreError, OSError) as error:
        log.warning("package %s (file %s): its items could not be read: %s", digest, file.id, error)
        return []


def _menu(store: ContentStore, digest: str, size: int) -> tuple[LaunchItem, ...]:
    """The items of the stored object ``digest``, kept per process (the least recently used dropped past
    ``_KEPT``): an object never changes under its digest."""
    with _lock:
        if (kept := _menus.get(digest)) is not None:
            _menus.move_to_end(digest)
            return kept
    with store.open_object(digest, size) as package:
        found = tuple(menu(package))
    with _lock:
        _menus[digest] = found
        while len(_menus) > _KEPT:
            _menus.popitem(last=False)
    return found
