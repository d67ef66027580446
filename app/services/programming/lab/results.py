"""The lab's side of a lab round, going back: the round's results as a signed bundle.

The bundle is a zip of ``results.json`` (the package it answers, the contest's window, every contestant's
submission with its verdict, score and tests, and the final scoreboard), ``sources/<n>.<ext>`` (each submission's
source, also hashed in ``results.json``), ``manifest.json`` (every other file's SHA-256) and ``signature`` (the
Ed25519 signature of the manifest's bytes by the package's key). Only once the round is over and every submission
judged: a bundle never carries a verdict still to come.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from sandbox.languages import LANGUAGES

from ....extensions import DbSession
from ....models import (
    Contest,
    ContestProblem,
    RegistrationMember,
    Submission,
    SubmissionStatus,
)
from ....timeutil import utcnow
from ...errors import InvalidInput
from ..extra_time import latest_close
from ..scoreboard import build
from . import signing
from .lab_setup import lab_round_of

RESULTS_FORMAT = "hoithi-lab-results"
RESULTS = "results.json"
FINISHED = (SubmissionStatus.DONE, SubmissionStatus.ERROR)
_BATCH = 200  # submissions read from the database at a time


@dataclass(frozen=True)
class Bundle:
    """A written bundle: how many submissions it carries and its fingerprint (for the round's minutes)."""

    submissions: int
    fingerprint: str


def _source_name(number: int, language: str) -> str:
    extensions = LANGUAGES[language].extensions if language in LANGUAGES else ()
    return f"sources/{number}{extensions[0] if extensions else '.txt'}"


def _submission(
    number: int, submission: Submission, login: str, label: str, source_file: str, source_sha256: str
) -> dict[str, Any]:
    return {
        "number": number,
        "login": login,
        "label": label,
        "language": submission.language,
        "source_file": source_file,
        "source_sha256": source_sha256,
        "submitted_at": submission.created_at.isoformat(),
        "finished_at": submission.finished_at.isoformat() if submission.finished_at else None,
        "status": submission.status.value,
        "verdict": submission.verdict,
        "score": submission.score,
        "max_score": submission.max_score,
        "subtask_scores": submission.subtask_scores,
        "compile_output": submission.compile_output,
        "tests": [
            {
                "position": t.position,
                "name": t.name,
                "group": t.group,
                "verdict": t.verdict,
                "time_ms": t.time_ms,
                "memory_kb": t.memory_kb,
                "score": t.score,
            }
            for t in submission.tests
        ],
    }


def _scoreboard(session: DbSession, contest: Contest, logins: dict[int, str]) -> list[dict[str, Any]]:
    board = build(session, contest, viewer_is_staff=True)
    members: dict[int, list[str]] = {}
    for member in session.scalars(select(RegistrationMember).where(RegistrationMember.contest_id == contest.id)):
        members.setdefault(member.registration_id, []).append(logins[member.user_id])
    return [
        {
            "rank": row.rank,
            "logins": sorted(members.get(row.registration_id, [])),
            "total": row.total,
            "penalty": row.penalty,
            "cells": {column.label: cell.score for column, cell in zip(board.problems, row.cells, strict=True)},
        }
        for row in board.rows
    ]


def export_results(session: DbSession, contest: Contest, out: Path, now: datetime | None = None) -> Bundle:
    """Write the signed results bundle of the lab round ``contest`` to ``out``. Raises ``InvalidInput`` for a
    contest that is not a lab round, before the round's end (the last extra time counted), or while a submission
    is still being judged."""
    lab = lab_round_of(session, contest)
    if lab is None:
        raise InvalidInput(_l("This contest was not set up from a lab package: it has no results bundle."))
    if (now or utcnow()) < latest_close(session, contest):  # a contestant given extra time may still submit
        raise InvalidInput(_l("The round is not over yet: export its results once it has ended."))
    labels = {
        row.problem_id: row.label
        for row in session.scalars(select(ContestProblem).where(ContestProblem.contest_id == contest.id))
    }
    logins = {
        member.user_id: member.user.username
        for member in session.scalars(select(RegistrationMember).where(RegistrationMember.contest_id == contest.id))
    }
    chosen = (Submission.problem_id.in_(labels), Submission.user_id.in_(logins))
    waiting = session.scalar(select(func.count()).where(*chosen, Submission.status.not_in(FINISHED))) or 0
    if waiting:
        raise InvalidInput(
            _l("%(n)d submissions are still being judged: export the results once they are done.", n=waiting)
        )
    hashes: dict[str, str] = {}
    listed = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        # the sources go into the zip as they are read, a batch of rows at a time: none is held for the whole bundle
        submissions = session.scalars(
            select(Submission)
            .where(*chosen)
            .options(selectinload(Submission.tests))
            .order_by(Submission.created_at, Submission.id)
            .execution_options(yield_per=_BATCH)
        )
        for number, submission in enumerate(submissions, start=1):
            assert submission.user_id is not None  # chosen by user above
            name = _source_name(number, submission.language)
            source = submission.source.encode()
            zf.writestr(name, source)
            hashes[name] = signing.sha256(source)
            login, label = logins[submission.user_id], labels[submission.problem_id]
            listed.append(_submission(number, submission, login, label, name, hashes[name]))
            session.expunge(submission)
        results = {
            "package_id": lab.package_id,
            "contest": {
                "title": contest.title,
                "opens_at": lab.opens_at.isoformat(),
                "closes_at": lab.closes_at.isoformat(),
            },
            "exported_at": (now or utcnow()).isoformat(),
            "submissions": listed,
            "scoreboard": _scoreboard(session, contest, logins),
        }
        document = json.dumps(results, ensure_ascii=False, indent=1).encode()
        zf.writestr(RESULTS, document)
        manifest = signing.manifest(RESULTS_FORMAT, lab.package_id, {**hashes, RESULTS: signing.sha256(document)})
        zf.writestr(signing.MANIFEST, manifest)
        zf.writestr(signing.SIGNATURE, signing.sign(lab.signing_key, manifest))
    return Bundle(len(listed), signing.fingerprint(signing.file_sha256(out)))
