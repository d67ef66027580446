"""Previewing an e-lecture package: the signed tokens of preview addresses and reading files out of a stored zip.

A preview address names the file and the viewer in a signed, expiring token, because the package's own pages run
in a sandboxed, opaque origin: their requests carry no session cookie, so the token is what proves the viewer's
right (checked again at every request). Files are taken out of the zip one at a time, when first asked for, into
an extraction cache on disk, and served from there; the zip's directory is read once per package and process.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import tempfile
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from submissions.archive import CHUNK, entry_name
from submissions.store import ContentStore

TOKEN_MAX_AGE = 12 * 3600
_SALT = "entry-preview"


def make_token(secret_key: str, file_id: int, viewer_id: int) -> str:
    """A token for ``viewer_id`` to preview the package ``file_id``; valid for ``TOKEN_MAX_AGE`` seconds."""
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps([file_id, viewer_id])


def read_token(secret_key: str, token: str) -> tuple[int, int] | None:
    """(file id, viewer id) of a valid, unexpired token; ``None`` otherwise."""
    try:
        file_id, viewer_id = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(token, max_age=TOKEN_MAX_AGE)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(file_id, int) or not isinstance(viewer_id, int):
        return None
    return file_id, viewer_id


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name)


@lru_cache(maxsize=32)
def _index(blob: str, digest: str) -> dict[str, zipfile.ZipInfo]:
    """The regular files of the zip ``blob`` by their real (NFC) names. ``digest`` keys the cache: a blob never
    changes under its digest."""
    with zipfile.ZipFile(blob) as zf:
        return {_key(entry_name(i)): i for i in zf.infolist() if not i.is_dir()}


class PackageFiles:
    """Files of stored packages, extracted on demand under ``cache_dir``."""

    def __init__(self, store: ContentStore, cache_dir: str | os.PathLike[str]) -> None:
        self.store = store
        self.cache_dir = Path(cache_dir)

    def member(self, digest: str, path: str) -> Path | None:
        """The extracted file for ``path`` (a name inside the package; a folder means its index.html) of the
        stored zip ``digest``, or ``None`` when the package has no such file."""
        blob = self.store.path(digest)
        if not blob.is_file():
            return None
        index = _index(str(blob), digest)
        name = _key(path)
        info = index.get(name)
        if info is None and (name == "" or name.endswith("/")):
            name = posixpath.join(name, "index.html")
            info = index.get(name)
        if info is None:
            return None
        target = self.cache_dir / digest[:2] / digest / hashlib.sha256(name.encode()).hexdigest()
        if not target.is_file():
            self._extract(blob, info, target)
        return target

    @staticmethod
    def _extract(blob: Path, info: zipfile.ZipInfo, target: Path) -> None:
        """Unpack one entry in chunks to a temporary file beside ``target``, then rename it into place
        (``zipfile`` checks the entry's CRC as it reads)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out, zipfile.ZipFile(blob) as zf, zf.open(info) as src:
                while chunk := src.read(CHUNK):
                    out.write(chunk)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
