"""What the application's commands look up by what their user types: a contest by id, an account by login. A
missing one ends the command with click's error (exit 1) naming it. And how a command ends when a service refuses
(``refusals``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy import select

from .extensions import db
from .models import Contest, User
from .services.errors import InvalidInput, NotAllowed
from .services.programming.lab.zips import Refused


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


@contextmanager
def refusals(login: str | None = None, contest_id: int | None = None, output: Path | None = None) -> Iterator[None]:
    """Around a command's service call: ``NotAllowed`` ends the command with click's error (``login`` is not staff of
    contest ``contest_id``); ``InvalidInput`` rolls back, removes the half-written ``output``, prints the refusal
    (in the application's language) and each problem it names, and exits 1. Nothing was changed either way."""
    try:
        yield
    except NotAllowed:
        raise click.ClickException(f"{login} is not staff of contest {contest_id}") from None
    except InvalidInput as error:
        db.session.rollback()
        if output is not None:
            output.unlink(missing_ok=True)
        click.echo(str(error.message), err=True)
        for problem in error.problems if isinstance(error, Refused) else []:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
