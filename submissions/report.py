"""The result of checking an uploaded file: what it is, where a package starts, and what is wrong with it.

Every problem carries a stable ``code`` (the key the interface translates by), an English ``message`` naming the
entry at fault, that ``entry`` (``None`` when the problem is about the whole file) and a ``detail`` that the
translated message names too (what the file really is, the methods it is compressed with; ``None`` when none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, TypedDict

Kind = Literal["html5", "scorm", "video", "document", "image"]


class Code(StrEnum):
    """Stable problem codes; their values never change once released (translations are keyed by them)."""

    UNSUPPORTED_EXTENSION = "file.unsupported_extension"
    UNKNOWN_CONTENT = "file.unknown_content"
    EMPTY_FILE = "file.empty"
    EXTENSION_MISMATCH = "file.extension_mismatch"
    FORMAT_NOT_TAKEN = "file.format_not_taken"
    IMAGE_TOO_LARGE = "file.image_too_large"
    IMAGE_DAMAGED = "file.image_damaged"
    INCOMPLETE = "file.incomplete"
    NO_VIDEO = "file.no_video"
    PDF_PASSWORD = "file.pdf_password"
    OFFICE_PASSWORD = "file.office_password"
    HEVC = "file.hevc"
    VIDEO_CODEC = "file.video_codec"
    SOUND_CODEC = "file.sound_codec"
    MACRO_DOCUMENT = "file.macro_document"
    WORD_TEMPLATE = "file.word_template"
    HEIF = "file.heif"
    OTHER_ARCHIVE = "file.other_archive"
    NOT_A_ZIP = "zip.corrupt"
    TOO_MANY_ENTRIES = "zip.too_many_entries"
    TOO_LARGE = "zip.too_large"
    RATIO = "zip.compression_ratio"
    TOTAL_RATIO = "zip.total_compression_ratio"
    SIZE_MISMATCH = "zip.size_mismatch"
    ENTRY_CORRUPT = "zip.entry_corrupt"
    OVERLAPPING = "zip.overlapping_entries"
    BAD_NAME = "zip.bad_name"
    LONG_NAME = "zip.long_name"
    ABSOLUTE_PATH = "zip.absolute_path"
    PARENT_PATH = "zip.parent_path"
    DRIVE_PATH = "zip.drive_path"
    SYMLINK = "zip.symlink"
    SPECIAL_FILE = "zip.special_file"
    ENCRYPTED = "zip.encrypted"
    COMPRESSION = "zip.unsupported_compression"
    DUPLICATE = "zip.duplicate_name"
    FILE_FOLDER_CLASH = "zip.file_folder_clash"
    WINDOWS_NAME = "zip.windows_name"
    EMPTY_PACKAGE = "package.empty"
    NO_INDEX = "package.no_index"
    SEVERAL_STARTS = "package.several_starts"
    SEVERAL_PAGES = "package.several_pages"
    H5P = "package.h5p"
    AUTHORING_PROJECT = "file.authoring_project"
    NESTED_ZIP = "package.nested_zip"
    PROGRAM = "package.program"
    INNER_ZIPS_TOO_LARGE = "package.inner_zips_too_large"
    MACRO_IN_PACKAGE = "package.macro_document"
    EMBEDDED_PROGRAM = "file.embedded_program"
    SCRATCH_PROJECT = "file.scratch_project"
    OPEN_DOCUMENT = "file.open_document"
    EPUB = "file.epub"
    BAD_MANIFEST = "scorm.bad_manifest"
    NO_LAUNCH = "scorm.no_launch"
    LAUNCH_MISSING = "scorm.launch_missing"
    MORE_PROBLEMS = "report.more_problems"


class Problem(TypedDict):
    """One reason to reject the file."""

    code: str
    message: str
    entry: str | None
    detail: str | None


def problem(code: Code, message: str, entry: str | None = None, *, detail: str | None = None) -> Problem:
    """A ``Problem``; ``code`` is stored as its plain string value so that the problem serialises as is."""
    return {"code": code.value, "message": message, "entry": entry, "detail": detail}


@dataclass
class CheckReport:
    """What ``check_file`` found. ``ok`` holds exactly when there are no problems; ``launch`` (the entry a
    browser opens first, relative to the package root) is set only for an accepted package, and ``launch_query``
    (``?...`` and ``#...``, encoded: what a SCORM launch adds after it, ``launch_query.join``) only when it adds
    something."""

    kind: Kind | None = None
    launch: str | None = None
    launch_query: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def errors(self) -> list[str]:
        """The problems' messages, in the order found."""
        return [p["message"] for p in self.problems]

    def to_dict(self) -> dict[str, object]:
        """``{"ok", "kind", "launch", "errors"}``, ready for ``json.dumps``."""
        return {"ok": self.ok, "kind": self.kind, "launch": self.launch, "errors": self.errors}
