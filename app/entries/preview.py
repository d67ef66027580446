"""E-lecture packages, served from the store under ``/preview/<token>/<path>`` in a sandbox.

Every response carries ``Content-Security-Policy: sandbox allow-scripts allow-forms allow-popups``: the package's
scripts run in an opaque origin, so they can neither read the application's cookies nor call its pages with
the viewer's session. Since such a frame sends no cookies either, the token (opaque, short-lived, bound to the
viewer's browser session: see ``app.services.entries.entry_preview``) is what is checked, and the viewer's right to see
the entry is checked again on every request. Judges are served the package's judge's copy
(``services.entries.judge_copies``), everyone else the original.
Anything wrong (a bad or expired token, a viewer without the right, a path outside the package) is a 404.

To the package's own pages every request is cross-origin (their origin is opaque): what they read with ``fetch``
or ``XMLHttpRequest``, their module scripts and what they mark ``crossorigin`` load only when the answer allows any
origin (``Access-Control-Allow-Origin: *``, without credentials). That reveals nothing more: the token in the
address is all it takes to read these files, from anywhere. Each page of a SCORM package gets a stand-in SCORM
API (``services.entries.scorm_api``): in the sandbox it cannot reach the page around it for an LMS.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import abort, current_app, send_file
from werkzeug.wrappers import Response

from ..browser_session import logged_in_session_id
from ..extensions import db
from ..models import EntryFile, FileKind, User
from ..policies import entries as policy
from ..security_headers import sandbox
from ..services.entries import entry_files
from ..services.entries.entry_preview import PackageFiles, page_charset, read_token
from ..services.entries.scorm_api import with_api
from ..storage import content_store
from . import bp

PACKAGE_POLICY = (
    "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; form-action 'self'; frame-ancestors 'self'"
)
"""What a package's pages may load inside their sandbox."""
MAX_PAGE_BYTES = 16 * 1024 * 1024
"""Pages larger than this are served as they are, without the stand-in SCORM API (read whole to add it)."""


def _package(token: str) -> tuple[EntryFile, bool]:
    """The package file the token names, if its viewer may still see the entry, and whether the viewer is blind
    to its authors (a judge: served the judge's copy); 404 otherwise."""
    found = read_token(db.session, token, logged_in_session_id())
    if found is None:
        abort(404)
    file_id, viewer_id = found
    package = db.session.get(EntryFile, file_id)
    viewer = db.session.get(User, viewer_id)
    if package is None or viewer is None or not viewer.is_active or not package.kind.is_package:
        abort(404)
    entry = package.entry
    if not policy.may_view(db.session, viewer, entry):
        abort(404)
    blind = not policy.sees_authors(db.session, viewer, entry)
    if package.superseded_at is not None and blind:
        abort(404)  # judges see the final version only
    return package, blind


def _page(member: Path, *, scorm: bool) -> Response:
    """A page of the package, in the charset it was written in (werkzeug would say UTF-8, which overrides the
    page's own declaration); for a SCORM package with the stand-in SCORM API (``scorm_api``) unless the page is
    too large to read or in UTF-16 (where inserting ASCII would break it). Other packages' pages are served as
    they are."""
    charset = page_charset(member)
    if not scorm or member.stat().st_size > MAX_PAGE_BYTES or charset.startswith("utf-16"):
        response = send_file(member, conditional=True, max_age=600)
    else:
        response = current_app.response_class(with_api(member.read_bytes()))
    response.headers["Content-Type"] = f"text/html; charset={charset}"
    return response


@bp.route("/preview/<token>/", defaults={"path": ""})
@bp.route("/preview/<token>/<path:path>")
def preview(token: str, path: str) -> Response:
    package, blind = _package(token)
    store = content_store()
    digest = entry_files.served_digest(store, package, blind=blind)
    db.session.commit()  # a judge's copy made just now
    cache_bytes = current_app.config["STORAGE_CACHE_MB"] * 1024 * 1024
    member = PackageFiles(store, store.local_root / "preview", cache_bytes).member(digest, path)
    if member is None:
        abort(404)
    name = path if path and not path.endswith("/") else "index.html"
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if media_type == "text/html":
        response = _page(member, scorm=package.kind is FileKind.SCORM)
    else:
        response = send_file(member, mimetype=media_type, conditional=True, max_age=600)
    sandbox(response, allow=("allow-scripts", "allow-forms", "allow-popups"), policy=PACKAGE_POLICY)
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, max-age=600"
    response.headers["Access-Control-Allow-Origin"] = "*"  # the frame's own origin is opaque ("null")
    return response
