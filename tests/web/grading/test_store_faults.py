"""The store's faults met while grading: a store that cannot be reached leaves the submission queued for a retry
(never a judge error), an object damaged in the bucket or a bucket refusing the judge's keys is a judge error that
names it (moto's S3 server)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import Submission, SubmissionStatus
from app.services.programming import grading
from app.storage import content_store
from submissions.s3_store import S3Store
from submissions.store import StoreUnavailable
from tests.builders import row_of
from tests.conftest import GuardedBucket

from .conftest import DATA

SUM = DATA / "themis" / "SUM"


def _in_bucket(app: Flask, monkeypatch: pytest.MonkeyPatch, endpoint: str, bucket: str, folder: Path) -> None:
    for key, value in {"STORAGE_URL": f"s3://{bucket}/p", "S3_ENDPOINT": endpoint, "STORAGE_DIR": str(folder)}.items():
        monkeypatch.setitem(app.config, key, value)


def _queued_submission() -> int:
    problem = grading.import_problem(db.session, content_store(), SUM)
    submission = grading.create_submission(db.session, problem, b"print(1)\n", "python")
    db.session.commit()
    return submission.id


def test_an_unreachable_store_leaves_the_submission_queued(
    app: Flask, s3_endpoint: str, s3_bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _in_bucket(app, monkeypatch, s3_endpoint, s3_bucket, tmp_path / "web")
    submission_id = _queued_submission()
    _in_bucket(app, monkeypatch, "http://127.0.0.1:9", s3_bucket, tmp_path / "judge")  # the store's server is down
    with pytest.raises(StoreUnavailable, match="cannot be reached while reading"):
        grade_submission(submission_id)
    db.session.expire_all()
    submission = db.session.get(Submission, submission_id)
    assert submission is not None
    assert (submission.status, submission.verdict) == (SubmissionStatus.QUEUED, None)


def test_a_damaged_package_is_a_judge_error_that_names_it(
    app: Flask, s3_endpoint: str, s3_bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _in_bucket(app, monkeypatch, s3_endpoint, s3_bucket, tmp_path / "web")
    submission_id = _queued_submission()
    store = content_store()
    assert isinstance(store, S3Store)
    package = row_of(Submission, submission_id).problem.package_hash
    store.client.put_object(Bucket=s3_bucket, Key=store.key(package), Body=b"not the package")
    _in_bucket(app, monkeypatch, s3_endpoint, s3_bucket, tmp_path / "judge")  # a judge host with nothing cached
    assert grade_submission(submission_id) == "error"
    db.session.expire_all()
    submission = db.session.get(Submission, submission_id)
    assert submission is not None and submission.verdict == "JE"
    assert f"object {package} in s3://{s3_bucket}/p/ is damaged" in submission.judge_log


def test_a_bucket_refusing_the_judges_keys_is_a_judge_error_naming_it_not_retried(
    app: Flask,
    guarded_bucket: GuardedBucket,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    guarded_bucket.use_in(app, "owner", tmp_path, monkeypatch)
    submission_id = _queued_submission()
    guarded_bucket.use_in(app, "nobody", tmp_path, monkeypatch)  # a judge host whose keys may do nothing
    assert grade_submission(submission_id) == "error"  # returned, not raised: RQ does not ask again
    submission = row_of(Submission, submission_id)
    assert (submission.status, submission.verdict) == (SubmissionStatus.ERROR, "JE")
    assert f"the bucket s3://{guarded_bucket.bucket}/app/ refuses reading" in submission.judge_log
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR and guarded_bucket.bucket in str(r.exc_info)]
    assert [r.getMessage() for r in logged] == [f"submission {submission_id} cannot be graded"]
