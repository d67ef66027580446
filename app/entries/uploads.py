"""Receiving an upload: the request's body is parsed as it streams in, the file part written in chunks to a
temporary file in the store's staging folder, counting bytes, and refused as soon as it passes the cap.

Flask's own form parsing is not used for uploads: it would apply the application-wide ``MAX_CONTENT_LENGTH`` and
spool files to the system's temporary folder. The views that use this are exempt from the global CSRF check
(which would parse the body first) and validate their form's token themselves.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from submissions.store import room_needed

FORM_OVERHEAD = 64 * 1024  # the other fields and the multipart framing, beyond the file itself
MAX_FIELD_BYTES = 512 * 1024  # also the decoder's buffer, which takes the body in 64 KiB pieces
MAX_PARTS = 16


class UploadTooLarge(Exception):
    """The body is larger than the cap allows; what had arrived is deleted. ``filename`` is the file's name as the
    browser sent it, when its part had begun (not when the declared length alone was too large)."""

    def __init__(self, filename: str = "") -> None:
        super().__init__(filename)
        self.filename = filename


class _CappedFile:
    """A temporary file that refuses to grow past ``cap`` bytes (the parser writes each chunk as it arrives), and
    raises ``StoreFull`` when its disk has no room for the next one."""

    def __init__(self, staging: Path, cap: int, filename: str) -> None:
        with room_needed(staging):
            fd, name = tempfile.mkstemp(dir=staging, prefix="upload-")
        self.path = Path(name)
        self._file: IO[bytes] = os.fdopen(fd, "w+b")
        self._cap = cap
        self._filename = filename
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self._cap:
            raise UploadTooLarge(self._filename)
        with room_needed(self.path.parent):
            return self._file.write(data)

    def __getattr__(self, name: str) -> Any:  # seek, read, close...: those of the file
        return getattr(self._file, name)


@dataclass
class Received:
    """The form fields of an upload and its file, on disk (``path`` is None when no file was sent)."""

    form: MultiDict[str, str]
    path: Path | None = None
    filename: str = ""
    size: int = 0
    _temporaries: list[_CappedFile] = field(default_factory=list)


@contextmanager
def receive(environ: dict[str, Any], staging: Path, cap: int) -> Iterator[Received]:
    """Parse the multipart body of the request ``environ``, the part named ``file`` written under ``staging``;
    every temporary file is deleted on leaving. Raises ``UploadTooLarge`` once the file passes ``cap`` bytes
    (at once, reading nothing, when the declared length already does), ``StoreFull`` when the staging folder's disk
    has no room for it."""
    staging.mkdir(parents=True, exist_ok=True)
    made: list[_CappedFile] = []
    if not environ.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        yield Received(form=MultiDict())  # other bodies (a urlencoded one is read whole) are never read
        return

    def stream_factory(*_args: Any, filename: str | None = None, **_kwargs: Any) -> _CappedFile:
        made.append(_CappedFile(staging, cap, filename or ""))  # werkzeug passes its arguments by name
        return made[-1]

    parser = FormDataParser(
        # werkzeug types the factory as returning IO[bytes]; _CappedFile passes all but write on to its file
        stream_factory=stream_factory,  # type: ignore[arg-type]  # see above
        max_content_length=cap + FORM_OVERHEAD,
        max_form_memory_size=MAX_FIELD_BYTES,
        max_form_parts=MAX_PARTS,
    )
    try:
        try:
            _stream, form, files = parser.parse_from_environ(environ)
        except RequestEntityTooLarge:
            raise UploadTooLarge() from None
        received = Received(form=form, _temporaries=made)
        upload = files.get("file")
        if upload is not None and upload.filename:
            capped = cast(_CappedFile, upload.stream)  # the stream the parser got from stream_factory
            capped.flush()
            received.path, received.filename, received.size = capped.path, upload.filename, capped.size
        yield received
    finally:
        for temporary in made:
            temporary.close()
            temporary.path.unlink(missing_ok=True)
