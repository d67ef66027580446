"""Static files under addresses that name their content, so that a browser keeps them instead of asking again.

Every ``url_for("static", filename=...)`` carries ``v``, the first 16 hex digits of the file's SHA-256. A request
whose ``v`` is the file's current version is answered with ``Cache-Control: public, max-age=31536000, immutable``:
the browser never asks for that address again, and a changed file gets a new address on the next page. Any other
request for a static file (no ``v``, an old or a made-up one) is answered as before, with ``no-cache``: the browser
checks it again with its ETag on every page. The one exception is what a vendored library's stylesheet names by a
relative address, which cannot carry a version (KaTeX's fonts): a file under ``vendor/`` asked for without one is
kept for a day (``public, max-age=86400``). A vendored library changes only with an upgrade of hoithi, and the
stylesheets and scripts that name those files are themselves asked for with their versions.

Without this every page view asked again for each stylesheet and script it names (a problem's page: five), each a
request through the whole application; at a contest's start that was several times the pages themselves. On a web
host nginx serves ``/static/`` from the folder itself, with the same rule (``docs/deploy/nginx/hoithi.conf``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from stat import S_ISREG
from typing import Any

from flask import Flask, request
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

KEPT_FOR = 365 * 24 * 3600
"""How long a browser keeps a static file whose address names its version: a year, the longest HTTP advises."""
IMMUTABLE = f"public, max-age={KEPT_FOR}, immutable"
VENDORED = "public, max-age=86400"
"""What a file under ``vendor/`` asked for without its version is answered with (see the module's docstring)."""
_DIGITS = 16

_versions: dict[Path, tuple[int, int, str]] = {}  # a file -> (its mtime in ns, its size, its version)


def version(folder: str, filename: str) -> str | None:
    """The version of static file ``filename`` under ``folder`` (its content's hash, read again only when its time or
    size changes); None when there is no such file (its address then carries no version)."""
    joined = safe_join(folder, filename)  # never a file outside the folder
    if joined is None:
        return None
    path = Path(joined)
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    if not S_ISREG(stat.st_mode):
        return None
    kept = _versions.get(path)
    if kept is not None and kept[:2] == (stat.st_mtime_ns, stat.st_size):
        return kept[2]
    try:
        with path.open("rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()[:_DIGITS]
    except OSError:  # gone meanwhile
        return None
    _versions[path] = (stat.st_mtime_ns, stat.st_size, digest)
    return digest


def init_app(app: Flask) -> None:
    """Give the static files' addresses their versions, and their answers the headers the module's docstring says."""
    folder = app.static_folder
    if folder is None:
        return

    @app.url_defaults
    def add_version(endpoint: str, values: dict[str, Any]) -> None:
        filename = values.get("filename") if endpoint == "static" and "v" not in values else None
        current = version(folder, filename) if isinstance(filename, str) else None
        if current is not None:
            values["v"] = current

    @app.after_request
    def keep_versioned(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        wanted = request.args.get("v")
        filename = (request.view_args or {}).get("filename")
        if not isinstance(filename, str):
            return response
        if wanted and wanted == version(folder, filename):
            response.headers["Cache-Control"] = IMMUTABLE
        elif not wanted and filename.startswith("vendor/"):
            response.headers["Cache-Control"] = VENDORED
        return response
