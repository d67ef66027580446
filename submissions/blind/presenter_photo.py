"""The presenter's photo an authoring tool's player shows beside the slides (iSpring Suite's and Articulate
Presenter's ``presenters``: a face, which identifies the author better than a name): in the judge's copy of a
package it is a picture of the same format and size in one plain grey, so a page or player that still loads it
shows an empty frame, and a judge who downloads the package sees no face.

A member is such a photo when a value inside a presenter's settings (a script's or page's ``presenter`` object or
list, an XML file's ``presenter`` element: ``tool_data``) names it as a picture (``.jpg``, ``.jpeg``, ``.png``,
``.gif``, ``.webp``), relative to the top of the package or to the folder of the file that names it, its name
percent-decoded as a page's address and composed (NFC) as ``archive.entry_name`` gives members' names."""

from __future__ import annotations

import io
import posixpath
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from PIL import Image, UnidentifiedImageError

from .tool_data import presenter_values, presenter_xml_values

_PICTURES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
_SETTINGS = (".js", ".json", ".html", ".htm", ".xml")
MAX_SETTINGS = 16 * 1024 * 1024
"""A settings file larger than this is not read for a photo's path (iSpring's and Presenter's are some kilobytes)."""
_GREY = (128, 128, 128)
_MAX_PIXELS = 40_000_000
"""A photo claiming more pixels than this (a pixel flood) is blanked as one grey pixel."""


def presenter_photos(archive: zipfile.ZipFile, members: Iterable[tuple[zipfile.ZipInfo, str]], root: str) -> set[str]:
    """The names (as in ``archive``) of the members that its presenters' settings name as a photo; ``members`` are
    its (info, name) pairs, ``root`` the folder holding the whole package ("" when none)."""
    members = list(members)
    paths: set[str] = set()
    for info, name in members:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in _SETTINGS or info.file_size > MAX_SETTINGS or name.endswith("/"):
            continue
        data = archive.read(info)
        values = presenter_xml_values(data) if suffix == ".xml" else presenter_values(data)
        folder = posixpath.dirname(name)
        for value in values:
            path = unicodedata.normalize("NFC", unquote(urlsplit(value.strip().replace("\\", "/")).path))
            if path.lower().endswith(_PICTURES) and "://" not in value:
                paths.update(posixpath.normpath(posixpath.join(base, path)) for base in (root.rstrip("/"), folder))
    return {name for _, name in members if name in paths}


def blank_picture(data: bytes) -> bytes | None:
    """A plain grey picture of the format, size and mode of the picture ``data``; ``None`` when Pillow cannot read
    it or write its format."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            form, size, mode = picture.format, picture.size, picture.mode
            blank = Image.new("RGB", size if size[0] * size[1] <= _MAX_PIXELS else (1, 1), _GREY)
            if mode in ("RGBA", "LA", "L"):
                blank = blank.convert(mode)
            out = io.BytesIO()
            blank.save(out, form)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, KeyError):
        return None
