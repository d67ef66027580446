"""Whether judges' browsers can play a video, from what its tracks are and how each is coded, whatever the
container (``movie_tracks`` reads an MP4's or a MOV's, ``webm_tracks`` a WebM's or an MKV's).

A video without a video track is refused (a sound recording named as a video); a video track coded in HEVC is
refused with its own advice, one coded otherwise than browsers all play naming its coding, one without a
description as damaged. A sound track browsers cannot play is refused only when the first sound track, the one
every browser picks, is not one they play. Each problem is said once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .report import Code, Problem, problem


@dataclass(frozen=True)
class Coding:
    """A track as the check sees it: a video, a sound or another track; whether browsers all play its coding; how
    to name its coding to a person; whether it is HEVC; whether its description is missing (a damaged file)."""

    kind: Literal["video", "sound", "other"]
    playable: bool
    name: str = "?"
    hevc: bool = False
    damaged: bool = False


def refusals(tracks: Sequence[Coding]) -> list[Problem]:
    """Why judges' browsers could not play a video of ``tracks`` (see the module docstring)."""
    if not any(track.kind == "video" for track in tracks):
        return [problem(Code.NO_VIDEO, "the video has no video track (sound only?)")]
    sounds = [track for track in tracks if track.kind == "sound"]
    first_sound_plays = bool(sounds) and sounds[0].playable
    problems: list[Problem] = []
    for track in tracks:
        if track.kind == "video" and track.damaged:
            found = problem(Code.INCOMPLETE, "the video track has no sample description: the file is damaged")
        elif track.kind == "video" and track.hevc:
            found = problem(Code.HEVC, "the video is HEVC (H.265), which many browsers cannot play")
        elif track.kind == "video" and not track.playable:
            found = problem(Code.VIDEO_CODEC, f"browsers cannot play {track.name} video", detail=track.name)
        elif track.kind == "sound" and not track.playable and not first_sound_plays:
            found = problem(Code.SOUND_CODEC, f"browsers cannot play {track.name} sound", detail=track.name)
        else:
            continue
        if found not in problems:
            problems.append(found)
    return problems
