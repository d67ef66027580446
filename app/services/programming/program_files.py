"""The files a contestant's program reads and writes, as the judge gives them: what a problem page announces.

The names come from the package as the judge loads it (``judge.problem.Problem.input_file`` and
``output_file``), never from the problem's code or its zip's name, so a student who follows the page reads the
file the judge supplies.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from judge.package import LoadOptions, load_problem
from submissions.store import ContentStore

from ...models import Problem
from . import grading


@dataclass(frozen=True)
class ProgramFiles:
    """``input_file``: the file a program may read its input from besides the keyboard (stdin); ``output_file``:
    the file it may write its output to instead of the screen (stdout). ``None``: the standard stream only.
    ``scratch_output`` and ``scratch_name``: how a Scratch project's output is taken (``judge.scratch``: ``say``,
    ``variable`` or ``list``) and the variable's or list's name."""

    input_file: str | None
    output_file: str | None
    scratch_output: str = "say"
    scratch_name: str = ""


def program_files(problem: Problem, store: ContentStore) -> ProgramFiles:
    """The judge's file names for ``problem``, read from its stored package (cached per package and options)."""
    return _program_files(store, problem.package_hash, grading.load_options(problem))


@lru_cache(maxsize=64)
def _program_files(store: ContentStore, package_hash: str, options: LoadOptions) -> ProgramFiles:
    loaded = load_problem(store.verify(package_hash), options)
    scratch = loaded.scratch_output
    return ProgramFiles(loaded.input_file, loaded.output_file, scratch.kind.value, scratch.name)
