"""Fixtures of the grading queue's tests: the judge's sample packages, its cache folder and the real bubblewrap
sandbox, shared with the judge's own tests."""

from __future__ import annotations

from ...judge.conftest import DATA, backend, judge_cache

__all__ = ["DATA", "backend", "judge_cache"]
