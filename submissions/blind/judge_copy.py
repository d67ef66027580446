"""The judge's copy of an uploaded file: the same work without its authors' names in its metadata, and where names
of people could still be seen in it.

Per format (see each module): PDF (``pdf``, its pages' text read for names: ``pdf_text``), JPEG and PNG
(``images``), WebP (``webp``), GIF (``gif``), TIFF (``tiff``), HEIC and AVIF (``heif``), Office documents
(``office``), old binary Office files (``ole``: their properties, the file listed in ``BlindReport.old_office``),
and zips: an e-lecture package is written again member by member, without the archive's comment or the members'
comments and extra fields, its HTML pages, SCORM manifest, LOM metadata and SVG pictures cleaned (``markup``), its
pictures, PDFs and Office documents cleaned as above and zips inside it (to ``MAX_DEPTH``) cleaned the same way.
What operating systems leave in a zip (``packages.is_litter``: ``__MACOSX/``, ``Thumbs.db``...) is left out.
Everything else is copied as it is, member names included (renaming them would break the package's links): names of
people in them are reported as sightings instead. Videos lose their tags in place (``mp4_metadata``,
``webm_metadata``, ``avi``, ``asf``); what they keep as the work (an MP4's subtitles and chapter names, a WebM's or
MKV's chapter names and text subtitles: ``mp4_text``, ``webm_text``) is read for names.

Files attached to a PDF are left out of its copy (``pdf``) and listed in ``BlindReport.left_out``.

A part that cannot be cleaned (a damaged PDF, a password-protected one, a malformed XML part, a nested zip refused
by ``archive.open_archive``) is copied unchanged and listed in ``BlindReport.kept``, never refused: the upload was
accepted by the checker and the organisers decide.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Literal

import pikepdf
from lxml import etree

from ..archive import CHUNK, Limits, UnreadableArchive, open_archive
from ..media import HEAD, sniff
from ..packages import is_litter, package_root
from ..zip_names import entry_name
from . import audio, gif, heif, images, office, ogg_comments, opendocument, tiff, webp
from .asf import blank_asf, is_asf
from .avi import blank_avi, is_avi
from .local_paths import logins
from .member_text import TEXT, Document, any_text, text_cleaner
from .mp4_metadata import blank_metadata
from .mp4_text import movie_text
from .ole import clean_ole
from .pdf import clean_pdf
from .pdf_text import MAX_PAGES, object_words, page_texts
from .presenter_photo import blank_picture, presenter_photos
from .webm_metadata import blank_tags
from .webm_text import video_text

_log = logging.getLogger(__name__)
MAX_DEPTH = 3  # zips inside zips, the upload itself being the first
MAX_IN_MEMORY = 64 * 1024 * 1024  # pages, XML parts and photos larger than this are copied as they are
MAX_READ_UNKNOWN = 8 * 1024 * 1024  # files of no known format up to this size are read for names...
UNKNOWN_BUDGET = 64 * 1024 * 1024  # ...up to this much in one upload (some 4 s of reading at worst)
NESTED_BUDGET = 2 * 1024**3  # bytes that all nested zips of one upload may unpack to
PACKAGE_FOLDER = "bai-giang/"
"""What the folder holding all of an uploaded package's files is called in its copy (``BlindReport.root``)."""
_BINARY = (
    ".pdf", ".jpg", ".jpeg", ".png", ".zip", ".docx", ".pptx", ".xlsx", ".docm", ".pptm", ".xlsm", ".mp4", ".m4v",
    ".webm", ".mkv", ".mka", ".mp3", ".flac", ".wav", ".m4a", ".ogg", ".oga", ".opus", ".odt", ".odp", ".ods", ".odg",
    ".jfif", ".jpe", ".webp", ".gif", ".mov", ".tif", ".tiff", ".heic", ".heif", ".avif", ".doc", ".dot", ".xls",
    ".xlt", ".ppt", ".pps", ".pot", ".avi", ".wmv", ".wma", ".asf",
)  # fmt: skip
_STRIPPERS: dict[str | None, Callable[[bytes], bytes]] = {
    "jpeg": images.strip_jpeg,
    "png": images.strip_png,
    "webp": webp.strip_webp,
    "gif": gif.strip_gif,
    "mp3": audio.strip_sound,
    "flac": audio.strip_sound,
    "wav": audio.strip_sound,
    "ogg": ogg_comments.strip_ogg,
    "tiff": tiff.strip_tiff,
    "heif": heif.strip_heif,
}
_IN_PLACE: dict[str, Callable[[BinaryIO], int]] = {
    "mp4": blank_metadata,
    "quicktime": blank_metadata,
    "webm": blank_tags,
    "matroska": blank_tags,
    "avi": blank_avi,
    "asf": blank_asf,
}  # videos, cleaned in a copy without moving a frame
_WORK_IN_PLACE: dict[str, Callable[[BinaryIO], str]] = {
    "mp4": movie_text,
    "quicktime": movie_text,
    "webm": video_text,
    "matroska": video_text,
}  # what such a video keeps as the work, read for names: subtitles, chapter names
_CLEANED = {*_STRIPPERS, *_IN_PLACE, "pdf", "zip", "ole"}  # what _clean_file cleans
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    RuntimeError,  # zipfile: an encrypted member
    NotImplementedError,
    ValueError,
    etree.XMLSyntaxError,
    pikepdf.PdfError,
    pikepdf.PasswordError,  # not a PdfError: a PDF locked by a password (the checker refuses those)
)

Spot = Callable[[str], list[str]]
"""The names (of people, schools) that a text shows; an empty list when none."""


@dataclass(frozen=True)
class Sighting:
    """Names seen in the judge's copy: in a file or folder name of a zip (``place`` "name") or in a page's visible
    text (``place`` "text"). ``where`` is the path inside the upload, a nested zip's members after its own path."""

    where: str
    place: Literal["name", "text"]
    names: tuple[str, ...]


@dataclass
class BlindReport:
    """What making a judge's copy found: names still visible, the parts kept as they were (``""``: the
    uploaded file itself) because their metadata could not be removed, and the files attached to a PDF that the
    copy leaves out (each the attachment's name, after the PDF's path in a package and ": "), and the old binary
    Office files (.doc, .xls, .ppt) whose properties were removed but whose records may still name people
    (``ole``). ``root`` is (the folder that held all of an uploaded package's files, ``PACKAGE_FOLDER``) when the
    copy renamed it (teachers name that folder after themselves; the pages link to each other inside it), so that
    a launch page is found where it now is (``moved``). ``greyed`` lists the pictures made one plain grey, the
    presenter's photo (``presenter_photo``), which any slide showing the same file shows grey too."""

    sightings: list[Sighting] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    old_office: list[str] = field(default_factory=list)
    root: tuple[str, str] | None = None
    greyed: list[str] = field(default_factory=list)


def moved(path: str, root: tuple[str, str] | None) -> str:
    """Where the member ``path`` of an uploaded package is in its judge's copy, whose report's ``root`` is
    ``root``."""
    if root is not None and path.startswith(root[0]):
        return root[1] + path[len(root[0]) :]
    return path


@dataclass
class _Job:
    report: BlindReport
    spot: Spot | None
    staging: Path
    nested_budget: int = NESTED_BUDGET
    pdf_pages: int = MAX_PAGES  # pages of PDFs whose text may still be read (``pdf_text``)
    unknown_budget: int = UNKNOWN_BUDGET  # bytes of files of no known format that may still be read for names

    def saw(self, where: str, place: Literal["name", "text"], text: str) -> None:
        """Note the names ``spot`` finds in ``text``, and the logins its paths on a computer name (those that are
        not already such a name)."""
        if self.spot is None:
            return
        spot = self.spot
        if names := spot(text) + [login for login in logins(text) if not spot(login)]:
            self.report.sightings.append(Sighting(where, place, tuple(dict.fromkeys(names))))


def make_judge_copy(
    source: str | os.PathLike[str], target: str | os.PathLike[str], file_format: str, spot: Spot | None = None
) -> BlindReport:
    """Write the judge's copy of ``source`` (of ``file_format``, a key of ``media.FORMATS``, as the upload check
    found it) to ``target``; ``spot`` finds the names to report. ``source`` must have passed
    ``validate.check_file``: a zip is not checked again, the zips inside it are."""
    target = Path(target)
    job = _Job(BlindReport(), spot, target.parent)
    if file_format in ("zip", "docx", "pptx", "xlsx"):
        try:
            with zipfile.ZipFile(source) as archive:
                _rewrite_zip(archive, target, "", job, depth=1)
        except _UNREADABLE:
            job.report.kept.append("")
            shutil.copyfile(source, target)
    elif not _clean_file(Path(source), target, "", job, depth=1):
        shutil.copyfile(source, target)  # a format with nothing to clean
    return job.report


def _clean_file(source: Path, target: Path, where: str, job: _Job, depth: int) -> bool:
    """Write the cleaned ``source`` (a PDF, photo, video, MP3 or zip, by its content) to ``target``; False when it is of
    another kind (nothing written). A part that cannot be cleaned is copied and listed as kept."""
    with open(source, "rb") as f:
        kind = _kind(f.read(HEAD))
    try:
        if kind == "pdf":
            job.report.left_out.extend(f"{where}: {name}" if where else name for name in clean_pdf(source, target))
            if job.spot is not None:
                texts = list(page_texts(target, job.pdf_pages))
                job.pdf_pages -= len(texts)
                job.saw(where, "text", "\n".join(texts + object_words(target)))
        elif kind in _STRIPPERS:
            if source.stat().st_size > MAX_IN_MEMORY:
                raise _Refused()
            strip = _STRIPPERS[kind]
            target.write_bytes(strip(source.read_bytes()))
        elif kind == "ole":
            if source.stat().st_size > MAX_IN_MEMORY:
                raise _Refused()
            cleaned, leaves_names = clean_ole(source.read_bytes())
            target.write_bytes(cleaned)
            job.saw(where, "text", any_text(cleaned))  # its text, comments' authors, the paths of files it embeds
            if leaves_names:
                job.report.old_office.append(where)
        elif kind == "zip":
            if depth > MAX_DEPTH:
                raise _Refused()  # copied as it is, and said: its names and photos are not reached
            _rewrite_nested(source, target, where, job, depth)
        elif kind in _IN_PLACE:
            shutil.copyfile(source, target)
            with open(target, "r+b") as copy:
                _IN_PLACE[kind](copy)
                if kind in _WORK_IN_PLACE and job.spot is not None:
                    job.saw(where, "text", _WORK_IN_PLACE[kind](copy))
        else:
            return False
    except (*_UNREADABLE, _Refused):
        job.report.kept.append(where)
        shutil.copyfile(source, target)
    except OSError:
        raise  # our disk, not the file
    except Exception:  # a library's fault on a strange file must not fail the upload: logged, told, kept
        _log.exception("judge's copy: %r could not be cleaned; kept as it is", where or "the file")
        job.report.kept.append(where)
        shutil.copyfile(source, target)
    return True


def _kind(head: bytes) -> str | None:
    """What a file starting with ``head`` is, as ``_clean_file`` tells formats apart."""
    return _picture(head) or sniff(head) or audio.kind(head)


def _cleanable(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the member ``info``, named as no format this cleans, is one by its content: a photo without an
    extension, a JPEG named ``.dat``, a Word document embedded in a DOCX as ``oleObject1.bin``."""
    with archive.open(info) as member:
        return _kind(member.read(HEAD)) in _CLEANED


def _picture(head: bytes) -> str | None:
    """A TIFF or HEIF (HEIC, AVIF) picture's kind, or an AVI or ASF video's, by its first bytes (``sniff`` names AVIF
    only as ISO media, and knows neither AVI nor ASF)."""
    if tiff.is_tiff(head):
        return "tiff"
    if is_avi(head):
        return "avi"
    if is_asf(head):
        return "asf"
    return "heif" if heif.is_heif(head) else None


class _Refused(Exception):
    """A part not cleaned: a nested zip that the upload checker would refuse, that would pass the nested budget or
    that lies deeper than ``MAX_DEPTH``, a photo larger than ``MAX_IN_MEMORY``."""


def _rewrite_nested(source: Path, target: Path, where: str, job: _Job, depth: int) -> None:
    limits = Limits(max_total_size=min(Limits().max_total_size, job.nested_budget))
    with open(source, "rb") as f:
        try:
            with open_archive(f, limits) as checked:
                if checked.problems:
                    raise _Refused()
                job.nested_budget -= sum(info.file_size for info in checked.files.values())
                _rewrite_zip(checked.zf, target, where + "/", job, depth)
        except UnreadableArchive:
            raise _Refused() from None


def _rewrite_zip(archive: zipfile.ZipFile, target: Path, prefix: str, job: _Job, depth: int) -> None:
    """Write the members of ``archive`` to a new zip at ``target``, cleaned (see the module docstring)."""
    infos = archive.infolist()
    names = [entry_name(info) for info in infos]
    document = _document(set(names))
    root = _renamed_root(names) if document is None and depth == 1 else None
    if depth == 1:
        job.report.root = root
    photos = set() if document else presenter_photos(archive, zip(infos, names, strict=True), root[0] if root else "")
    with zipfile.ZipFile(target, "w") as out:
        for info, name in zip(infos, names, strict=True):
            where = prefix + name
            if document is None and is_litter(name):
                continue  # macOS's AppleDouble files (a download's address, with the account), Thumbs.db: no work
            if root is not None and name.endswith("/") and root[0].startswith(name) and name != root[0]:
                continue  # a folder above the package's own ("Nộp bài/" around it): its name is not the work
            name = moved(name, root)
            if document is None:
                job.saw(where, "name", name)
            copied = zipfile.ZipInfo(name, info.date_time)
            copied.compress_type = info.compress_type
            copied.external_attr = info.external_attr
            copied.create_system = info.create_system
            if name.endswith("/"):  # a folder (named with a backslash by some Windows tools)
                out.writestr(copied, b"")
                continue
            if where[len(prefix) :] in photos and info.file_size <= MAX_IN_MEMORY and (blank := _blank(archive, info)):
                out.writestr(copied, blank)  # the presenter's face (``presenter_photo``)
                job.report.greyed.append(where)
                continue
            _write_member(archive, info, out, copied, where, job, depth, document)


def _blank(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    return blank_picture(archive.read(info))


def _renamed_root(names: list[str]) -> tuple[str, str] | None:
    """(the folder holding all of a package's files, ``PACKAGE_FOLDER``), or ``None`` when its files are at the top."""
    root = package_root(name for name in names if not name.endswith("/"))
    return (root, PACKAGE_FOLDER) if root else None


def _document(names: set[str]) -> Document:
    if office.is_office(names):
        return "office"
    return "opendocument" if opendocument.is_opendocument(names) else None


def _write_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    out: zipfile.ZipFile,
    copied: zipfile.ZipInfo,
    where: str,
    job: _Job,
    depth: int,
    document: Document,
) -> None:
    suffix = PurePosixPath(copied.filename).suffix.lower()
    if suffix in _BINARY or (suffix not in TEXT and _cleanable(archive, info)):
        with tempfile.TemporaryDirectory(dir=job.staging, prefix=".blind-") as scratch:
            raw, clean = Path(scratch) / "raw", Path(scratch) / "clean"
            with archive.open(info) as src, open(raw, "wb") as dst:
                shutil.copyfileobj(src, dst, CHUNK)
            done = _clean_file(raw, clean, where, job, depth + 1)
            result = clean if done else raw
            with open(result, "rb") as src, out.open(copied, "w", force_zip64=_large(result.stat().st_size)) as dst:
                shutil.copyfileobj(src, dst, CHUNK)
            return
    cleaner = text_cleaner(copied.filename, suffix, document)
    if cleaner is not None and info.file_size <= MAX_IN_MEMORY:
        data = archive.read(info)
        try:
            data = cleaner(data, where, job)
        except _UNREADABLE:
            job.report.kept.append(where)
        except Exception:  # as in _clean_file
            _log.exception("judge's copy: %r could not be cleaned; kept as it is", where)
            job.report.kept.append(where)
        out.writestr(copied, data)
        return
    if document is None and info.file_size <= min(MAX_READ_UNKNOWN, job.unknown_budget):
        job.unknown_budget -= info.file_size
        data = archive.read(info)
        job.saw(where, "text", any_text(data))
        out.writestr(copied, data)
        return
    with archive.open(info) as src, out.open(copied, "w", force_zip64=_large(info.file_size)) as dst:
        shutil.copyfileobj(src, dst, CHUNK)


def _large(size: int) -> bool:
    """Whether a member of ``size`` bytes needs zip64 headers (``zipfile`` must be told before it writes)."""
    return size > zipfile.ZIP64_LIMIT // 2
