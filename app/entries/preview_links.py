"""Making the token of a preview address (``/preview/<token>/``, served by ``preview``) for the page that embeds it."""

from __future__ import annotations

from flask import current_app

from ..browser_session import session_id
from ..extensions import db
from ..services.entries.entry_preview import make_token


def preview_token(file_id: int, viewer_id: int) -> str:
    """A token for the logged-in ``viewer_id`` to preview the package ``file_id`` from this browser session,
    committed at once (the page that shows it only reads)."""
    token = make_token(db.session, file_id, viewer_id, session_id(), current_app.config["PREVIEW_MINUTES"])
    db.session.commit()
    return token
