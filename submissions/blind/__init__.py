"""Blind review: the copy of an uploaded entry file that judges receive, without its authors' names in its metadata
(``judge_copy.make_judge_copy``), and where names could still be seen in it. The original is kept for organisers."""

from .judge_copy import BlindReport, Sighting, Spot, make_judge_copy, moved

__all__ = ["BlindReport", "Sighting", "Spot", "make_judge_copy", "moved"]
