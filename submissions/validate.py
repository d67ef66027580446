"""Checking an uploaded entry file before it is accepted: its type by content, agreement with its extension, and
for zips (packages and DOCX) the archive's safety and the package's launch entry.

Nothing here reads a whole file into memory: media are judged by their first ``media.HEAD`` bytes (and an image's
size by its header, ``media.image_size``: more than ``media.MAX_PIXELS`` is refused, and so is a JPEG whose frame
header is not found before its picture data: damaged, cut short before it, or only a JPEG's first bytes, and a
WebP whose first chunk is not a well-formed picture header; a PDF
that needs a password to open is refused, found from its trailer, ``pdf_password``, and so is a .docx saved with a
password, found from its compound file's directory, ``office_password``; an MP4, MOV, PDF, PNG or WebP cut
short is refused, found by a few seeks, ``media_integrity``; so is an MP4, MOV or WebM without a video track or
coded in a way browsers do not all play, ``movie_tracks``, ``webm_tracks``), zips through
``archive.open_archive``, which streams each entry in chunks; a package's videos as a video alone,
``package_videos``; a package whose names Windows cannot unpack, where judges do, ``windows_names.unpacking_problems``;
a package holding a program, or an Office document embedding one, is refused,
``package_programs``.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from .archive import Limits, UnreadableArchive, open_archive
from .media import EXTENSIONS, FORMATS, HEAD, MAX_PIXELS, image_size, sniff
from .media_integrity import MOVIES, wholeness
from .movie_tracks import unplayable
from .office_password import encrypted_office
from .package_programs import embedded_programs, programs
from .package_videos import unplayable_videos
from .packages import H5P_MESSAGE, Contents, classify, package_root
from .pdf_password import needs_password
from .report import CheckReport, Code, Problem, problem
from .webm_tracks import unplayable_webm
from .windows_names import unpacking_problems

__all__ = ["CheckReport", "Limits", "check_file"]

_MOVIE = {"mp4", "quicktime"}  # one container to browsers: an MP4 named .mov, or a MOV named .mp4, plays as well
_SIZED = ("png", "jpeg", "webp")  # images whose pixels are counted from their header
_HEADED = {  # images without a size where it must be are damaged (a PNG without one is not recognised as a PNG)
    "jpeg": "the image is damaged or not a JPEG: no frame header before its picture data",
    "webp": "the image is damaged or not a WebP: its first chunk is not a well-formed picture header",
}
_ARCHIVE_MESSAGE = "RAR and 7-Zip archives are not accepted: compress the folder as a .zip"
# Formats that uploads often come in and that are refused by a reason of their own, which tells how to convert
# them: found by content or by extension.
_CONVERTIBLE = {
    "heif": (Code.HEIF, "HEIC/HEIF photos are not accepted: convert the photo to JPEG"),
    "rar": (Code.OTHER_ARCHIVE, _ARCHIVE_MESSAGE),
    "7z": (Code.OTHER_ARCHIVE, _ARCHIVE_MESSAGE),
    "docm": (Code.MACRO_DOCUMENT, "Word documents with macros are not accepted: save it as a Word Document (.docx)"),
    "dotx": (Code.WORD_TEMPLATE, "Word templates are not accepted: save it as a Word Document (.docx)"),
    "scratch": (
        Code.SCRATCH_PROJECT,
        "a Scratch project is not an e-lecture package: package it as a web page (e.g. TurboWarp Packager) or record "
        "a video of it",
    ),
    "odf": (Code.OPEN_DOCUMENT, "OpenDocument files are not accepted: export it as PDF or save it as DOCX"),
    "epub": (Code.EPUB, "EPUB books are not accepted: export it as PDF"),
}
_CONVERTIBLE_EXTENSIONS = {
    ".heic": "heif",
    ".heif": "heif",
    ".rar": "rar",
    ".7z": "7z",
    ".docm": "docm",
    ".dotm": "docm",
    ".dotx": "dotx",
    ".sb3": "scratch",
    ".sb2": "scratch",
    ".odt": "odf",
    ".odp": "odf",
    ".ods": "odf",
    ".epub": "epub",
}


AUTHORING_PROJECTS = {
    ".story": "Articulate Storyline",
    ".cptx": "Adobe Captivate",
    ".cpt": "Adobe Captivate",
    ".approj": "ActivePresenter",
    ".tscproj": "Camtasia",
    ".cmproj": "Camtasia",
    ".awt": "Lectora",
    ".isproj": "iSpring Suite",
}
"""Extensions of the files an authoring tool saves its own project in, and the tool: only it opens them, so such a
file is refused, whatever it holds, telling the teacher to publish the lecture from that tool (a ``.story`` is a
zip, and would otherwise be told to be renamed ``.zip``, which helps nobody)."""


def check_file(
    path: str | os.PathLike[str], *, limits: Limits | None = None, declared_name: str | None = None
) -> CheckReport:
    """Check the file at ``path``, whose name as uploaded is ``declared_name`` (default: ``path``'s own name;
    only its extension matters). The report's ``kind`` comes from the content; the extension must promise the
    same format. Bad input is reported, never raised; ``OSError`` (the file cannot be read) is raised.
    """
    limits = limits or Limits()
    extension = PurePosixPath((declared_name or os.fspath(path)).replace("\\", "/")).suffix.lower()
    report = CheckReport()
    if extension in AUTHORING_PROJECTS:
        tool = AUTHORING_PROJECTS[extension]
        message = f"this is a project file of {tool}: publish the lecture from it as HTML5 or SCORM"
        report.problems.append(problem(Code.AUTHORING_PROJECT, message, detail=tool))
        return report
    with open(path, "rb") as f:
        head = f.read(HEAD)
        if not head:
            report.problems.append(problem(Code.EMPTY_FILE, "the file is empty"))
            return report
        content = sniff(head)
        contents: Contents | None = None
        unreadable = False
        if content == "zip":
            try:
                with open_archive(f, limits) as archive:
                    contents = classify(archive, limits)
                    contents.problems[:0] = archive.problems
                    if contents.format == "zip":
                        contents.problems.extend(
                            unpacking_problems(archive, package_root(archive.files))
                            + programs(archive)
                            + unplayable_videos(archive)
                        )
                    elif contents.format in ("docx", "pptx", "xlsx"):
                        contents.problems.extend(embedded_programs(archive.zf))
            except UnreadableArchive as e:
                contents = Contents("zip", problems=[e.problem])
                unreadable = True
            content = contents.format
        size = image_size(f, content) if content in _SIZED else None
        locked = content == "pdf" and needs_password(f, path)
        locked_office = content == "ole" and extension == ".docx" and encrypted_office(f)
        whole = wholeness(f, content) if content is not None else "whole"
        playing = unplayable(f) if content in MOVIES and whole == "whole" else []
        if content == "webm" and whole == "whole":
            playing = unplayable_webm(f, content, f.seek(0, os.SEEK_END))
    if locked_office:
        message = "the Word document is protected by a password: remove the password, then upload it"
        report.problems.append(problem(Code.OFFICE_PASSWORD, message))
    else:
        report.problems.extend(_extension_problems(extension, content, unreadable_zip=unreadable))
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        message = f"the image is {size[0]} x {size[1]} pixels, more than {MAX_PIXELS // 1_000_000} megapixels"
        report.problems.append(problem(Code.IMAGE_TOO_LARGE, message))
    if content in _HEADED and size is None:
        report.problems.append(problem(Code.IMAGE_DAMAGED, _HEADED[content]))
    if whole == "incomplete":
        message = "the file is damaged or incomplete (an interrupted upload or copy?): its end is missing or malformed"
        report.problems.append(problem(Code.INCOMPLETE, message))
    report.problems.extend(playing)
    if locked:
        message = "the PDF is protected by a password: remove the password, then upload it"
        report.problems.append(problem(Code.PDF_PASSWORD, message))
    if content is not None:
        report.kind = FORMATS[content].kind
    if contents is not None:
        report.kind = report.kind or contents.kind
        report.problems.extend(p for p in contents.problems if p not in report.problems)  # .h5p: said once
        if report.ok:
            report.launch = contents.launch
            report.launch_query = contents.launch_query
    return report


def _extension_problems(extension: str, content: str | None, *, unreadable_zip: bool) -> list[Problem]:
    """Problems with the extension: unknown, or promising another format than the content's. A damaged zip
    named as a zip-based format (``.zip``, ``.docx``) only gets its damage reported. A phone's video or photo format
    that judges' browsers cannot show (HEIC), the archives that WinRAR and 7-Zip make besides
    zips, Word documents with macros and Word templates, Scratch projects, OpenDocument files and EPUB books, found
    by content or by extension, are named as such, so that the refusal can tell how to convert them; by extension
    only when the content is not an accepted format (a JPEG named .heic is a JPEG to rename). A mismatch's detail is
    the content's format; so is that of a format known but not taken, under an extension the contest does not take
    (OBS's .mkv, a .gif, a .pptx, a .doc), so that the refusal can tell how to convert it."""
    takes = content in EXTENSIONS.values()  # the contest takes the content's format, under its own extension
    convertible = content if content in _CONVERTIBLE else None if takes else _CONVERTIBLE_EXTENSIONS.get(extension)
    if convertible is not None:
        return [problem(*_CONVERTIBLE[convertible])]
    if extension == ".h5p":
        return [problem(Code.H5P, H5P_MESSAGE)]
    promised = EXTENSIONS.get(extension)
    if promised is None and takes and content is not None:
        return [_mismatch(extension, content)]  # an MP4 named .mov, a JPEG named .jfif: renaming fixes it
    if promised is None and content is not None:  # a format told by its content, under its own extension (.mkv)
        return [problem(Code.FORMAT_NOT_TAKEN, f"{FORMATS[content].label} files are not accepted", detail=content)]
    if promised is None:
        accepted = ", ".join(EXTENSIONS)
        shown = extension or "(no extension)"
        return [problem(Code.UNSUPPORTED_EXTENSION, f"files of type {shown} are not accepted (accepted: {accepted})")]
    if content is None:
        labels = ", ".join(FORMATS[f].label for f in dict.fromkeys(EXTENSIONS.values()))
        return [problem(Code.UNKNOWN_CONTENT, f"the file's content is not of an accepted type ({labels})")]
    if content != promised and not (unreadable_zip and promised in ("zip", "docx")) and {content, promised} != _MOVIE:
        return [_mismatch(extension, content)]
    return []


def _mismatch(extension: str, content: str) -> Problem:
    """The extension promises another format than ``content``, which the problem's detail names."""
    message = f"the file is not what its extension says: {extension or '(no extension)'} but content is "
    return problem(Code.EXTENSION_MISMATCH, message + FORMATS[content].label, detail=content)
