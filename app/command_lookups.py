"""What the application's commands look up by what their user types: a contest by id, an account by login. A
missing one ends the command with click's error (exit 1) naming it."""

from __future__ import annotations

import click
from sqlalchemy import select

from .extensions import db
from .models import Contest, User


def contest_by_id(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None:
        raise click.ClickException(f"no contest {contest_id}")
    return contest


def account_by_login(login: str) -> User:
    user = db.session.scalar(select(User).where(User.username == login))
    if user is None:
        raise click.ClickException(f"no account {login!r}")
    return user
