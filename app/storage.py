"""The application's store of files, as its settings choose it (``submissions.store_choice.open_store``)."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from submissions.store import ContentStore
from submissions.store_choice import open_store

STORE_DOWN = _l("The file store cannot be reached just now. Please try again in a few minutes.")
"""What a page says when the store does not answer (``submissions.store.StoreUnavailable``)."""
STORE_REFUSES = _l(
    "The file store refused this request. The fault is in the site's settings, not in what you did, and it has been"
    " logged; please tell the organisers."
)
"""What a page says when the store refuses this host's keys (``submissions.store.StoreDenied``): trying again will
not help until an operator mends the bucket's policy or the keys."""


STORE_FULL = _l(
    "The server has no room left to store files, so this file was not received; nothing was half stored. The fault"
    " is the server's, not yours, and it has been logged; please tell the organisers and try again later."
)
"""What a page says when the store's disk is full (``submissions.store.StoreFull``): an operator must make room."""


def content_store() -> ContentStore:
    """The store of the current application: the folder ``STORAGE_DIR``, or the bucket ``STORAGE_URL`` with
    ``STORAGE_DIR`` as this host's staging and cache."""
    config = current_app.config
    return open_store(
        config.get("STORAGE_URL") or None,
        str(config["STORAGE_DIR"]),
        config.get("S3_ENDPOINT"),
        config.get("S3_REGION"),
        int(config.get("STORAGE_CACHE_MB", 2048)),
    )
