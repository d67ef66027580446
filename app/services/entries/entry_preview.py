"""Previewing an e-lecture package: the tokens of preview addresses, reading files out of a stored zip, and the
character encoding its pages are served in.

A preview address carries a token because the package's own pages run in a sandboxed, opaque origin: their
requests carry no session cookie, so the token is what proves the viewer's right (checked again at every request).
A token is opaque (random; the database keeps its SHA-256 with the package, the viewer and the browser session it
was made for), short-lived (``PREVIEW_MINUTES``) and bound to that session: a request that comes with another
session is refused, and logging out ends the session's tokens. Files are taken out of the zip one at a time, when
first asked for, into an extraction cache on disk, and served from there; the zip's directory is read once per
package and process.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import posixpath
import re
import secrets
import tempfile
import unicodedata
import zipfile
import zlib
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, select

from submissions.archive import CHUNK
from submissions.object_cache import touch, trim
from submissions.store import ContentStore
from submissions.zip_names import entry_name, is_folder

from ...extensions import DbSession
from ...models import PreviewToken
from ...timeutil import utcnow

_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError)
"""What ``zipfile`` raises reading a zip whose bytes are damaged."""
_SNIFF_BYTES = 1024  # where browsers look for a page's <meta charset>
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16le"), (codecs.BOM_UTF16_BE, "utf-16be"))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_token(session: DbSession, file_id: int, viewer_id: int, session_id: str, minutes: int) -> str:
    """A new token for ``viewer_id`` to preview the package ``file_id`` from the browser session ``session_id``,
    valid for ``minutes``. Expired tokens are deleted on the way."""
    now = utcnow()
    session.execute(delete(PreviewToken).where(PreviewToken.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(
        PreviewToken(
            token_hash=_hash(token),
            file_id=file_id,
            viewer_id=viewer_id,
            session_id=session_id,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    session.flush()
    return token


def read_token(session: DbSession, token: str, session_id: str | None) -> tuple[int, int] | None:
    """(file id, viewer id) of a token that exists and has not expired, asked for from its own browser session
    (``session_id``) or from none (the sandboxed frame's requests carry no cookie); ``None`` otherwise."""
    found = session.scalars(select(PreviewToken).where(PreviewToken.token_hash == _hash(token))).first()
    if found is None or found.expires_at <= utcnow():
        return None
    if session_id is not None and session_id != found.session_id:
        return None
    return found.file_id, found.viewer_id


def end_session(session: DbSession, session_id: str) -> None:
    """Delete the tokens of the browser session ``session_id`` (its user logged out)."""
    session.execute(delete(PreviewToken).where(PreviewToken.session_id == session_id))


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def _folded(name: str) -> str:
    return _key(name).casefold()


@lru_cache(maxsize=32)
def _index(blob: str, digest: str) -> tuple[dict[str, zipfile.ZipInfo], dict[str, str]]:
    """The regular files of the zip ``blob`` by their real (NFC) names, and those names by their case-folded form.
    ``digest`` keys the cache: a blob never changes under its digest."""
    with zipfile.ZipFile(blob) as zf:
        files = {_key(entry_name(i)): i for i in zf.infolist() if not is_folder(i)}
    return files, {_folded(name): name for name in files}


class PackageFiles:
    """Files of stored packages, extracted on demand under ``cache_dir``, which is trimmed to ``cache_bytes``
    (least recently used first; see ``submissions.object_cache``) after each extraction."""

    def __init__(self, store: ContentStore, cache_dir: str | os.PathLike[str], cache_bytes: int) -> None:
        self.store = store
        self.cache_dir = Path(cache_dir)
        self.cache_bytes = cache_bytes

    def member(self, digest: str, path: str) -> Path | None:
        """The extracted file for ``path`` (a name inside the package; a folder means its index.html) of the
        stored zip ``digest``, or ``None`` when the package has no such file. A path that names no file exactly
        is looked up ignoring letter case: packages are authored on Windows, where ``Images/Logo.PNG`` opens
        ``images/logo.png``, and the checker refuses names that differ only in case. Nothing is served from a
        damaged copy: ``StoreError`` when the stored object is damaged."""
        blob = self.store.path(digest)
        if not blob.is_file():
            return None
        try:
            return self._member(blob, digest, path)
        except _UNREADABLE:
            # this disk's copy may have been damaged since it was stored or fetched (zipfile checks each entry's
            # CRC as it reads): verify drops a damaged cached copy and fetches the object again, or raises
            # StoreError naming an object damaged in the store itself; a whole package that still reads badly
            # raises again, its own fault
            _index.cache_clear()
            return self._member(self.store.verify(digest), digest, path)

    def _member(self, blob: Path, digest: str, path: str) -> Path | None:
        index, folded = _index(str(blob), digest)
        name = _key(path)
        if name == "" or name.endswith("/"):
            name = posixpath.join(name, "index.html")
        name = name if name in index else folded.get(_folded(name), name)
        info = index.get(name)
        if info is None:
            return None
        target = self.cache_dir / digest[:2] / digest / hashlib.sha256(name.encode()).hexdigest()
        if target.is_file():
            touch(target)
        else:
            self._extract(blob, info, target)
            trim(self.cache_dir, self.cache_bytes)
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


def page_charset(page: Path) -> str:
    """The character encoding to serve the HTML page at ``page`` in: its byte order mark's, else the one its
    ``<meta>`` declares in its first 1024 bytes when Python knows it (a page saved by PowerPoint or an older tool
    on Vietnamese Windows declares windows-1258), else UTF-8, which authoring tools write today. The header must
    say it: a charset in the header overrides the page's own declaration."""
    with open(page, "rb") as f:
        head = f.read(_SNIFF_BYTES)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    declared = _DECLARED_CHARSET.search(head)
    if declared is None:
        return "utf-8"
    label = declared.group(1).decode("ascii")
    try:
        known = codecs.lookup(label).name
    except LookupError:
        return "utf-8"
    if known.startswith("utf-16"):
        return "utf-8"  # a page read as ASCII cannot be UTF-16 (as browsers)
    return _web_label(known, label)


def _web_label(known: str, label: str) -> str:
    """The name browsers know for Python's codec ``known`` (``codecs.lookup``'s), which the page called ``label``:
    Python's own spellings ("utf_8", "cp1258") mean nothing to a browser, which then ignores the header."""
    if known == "utf-8":
        return "utf-8"
    if known.startswith("cp125"):
        return f"windows-{known[2:]}"
    if known.startswith("iso8859-"):
        return f"iso-8859-{known.removeprefix('iso8859-')}"
    return label
