"""Running the hoithi command line and counting submissions in the Themis folder tests."""

from __future__ import annotations

from click.testing import CliRunner, Result
from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from app.cli import cli
from app.extensions import db
from app.models import Submission


def _hoithi(app: Flask, *args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], obj=ScriptInfo(create_app=lambda: app))


def _submissions() -> list[Submission]:
    db.session.expire_all()
    return list(db.session.scalars(select(Submission).order_by(Submission.id)))


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Submission)) or 0
