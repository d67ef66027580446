"""Whether judges' browsers can play the videos inside a package, as ``movie_tracks`` and ``webm_tracks`` decide
for a video uploaded alone: an iPhone's HEVC recording or an old camera's MPEG-4 Part 2 clip in a lecture's
``media/`` folder plays nowhere in the judge's browser, the lecture's slide stays black; so does OBS's MKV of H.264
in Firefox.

Each ``.mp4``, ``.m4v`` and ``.mov`` member whose content is such a movie, and each ``.webm`` and ``.mkv`` member
that is a WebM or Matroska file (checked as a WebM: a browser plays an MKV only when it holds what a WebM may), is
read in place through the zip (a few small reads and seeks; a deflated member is decompressed up to its movie box or
its tracks, and to its end for a movie's boxes after it). A movie cut short is damaged, as
``media_integrity.wholeness`` tells for one uploaded alone: no movie box, or one written for the web (movie box
first) whose media data runs past the member's end; a WebM or MKV whose segment or clusters run past it
(``media_integrity.ebml_fits``). One without a video track is not refused here (a package may
play a sound through an ``.mp4`` or a ``.webm``)."""

from __future__ import annotations

import zipfile
from typing import BinaryIO, cast

from .archive import Archive
from .media import HEAD, sniff
from .media_integrity import EBML, MOVIES, ebml_fits, wholeness
from .movie_tracks import unplayable
from .packages import is_litter
from .report import Code, Problem, problem
from .webm_tracks import unplayable_webm

SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".mkv")


def unplayable_videos(archive: Archive) -> list[Problem]:
    """The problems of the videos in the checked ``archive`` that judges' browsers could not play, each naming its
    member (``entry``)."""
    found: list[Problem] = []
    for name, info in archive.files.items():
        if name.lower().endswith(SUFFIXES) and not is_litter(name):
            found.extend(_problems(archive.zf, name, info))
    return found


def _problems(zf: zipfile.ZipFile, name: str, info: zipfile.ZipInfo) -> list[Problem]:
    with zf.open(info) as member:
        f = cast(BinaryIO, member)  # a ZipExtFile reads and seeks as a file does
        kind = sniff(f.read(HEAD))
        if kind in EBML:
            if not ebml_fits(f, info.file_size):
                return [problem(Code.INCOMPLETE, f"{name}: the video is damaged or incomplete", name)]
            f.seek(0)
            found = unplayable_webm(f, kind, info.file_size)
        elif kind not in MOVIES:
            return []  # not a video at all: a page links to it, it is the author's to fix, as any file
        elif wholeness(f, kind) == "incomplete":
            return [problem(Code.INCOMPLETE, f"{name}: the video is damaged or incomplete", name)]
        else:
            found = unplayable(f)
        return [
            problem(Code(p["code"]), f"{name}: {p['message']}", name, detail=p["detail"])
            for p in found
            if p["code"] != Code.NO_VIDEO
        ]
