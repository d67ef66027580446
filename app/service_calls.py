"""A view's call of a service that changes something: committed if the service accepts it, rolled back with the
service's reason shown to the user if it refuses."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import current_app, flash
from sqlalchemy.exc import IntegrityError
from wtforms import Field

from .extensions import db
from .services.errors import InvalidInput
from .services.unique_rows import SIMULTANEOUS

T = TypeVar("T")


@dataclass(frozen=True)
class Committed(Generic[T]):
    """What a committed action returned; always true, so a service that returns None still reads as success."""

    value: T


def commit_or_refuse(
    action: Callable[[], T], done: str | None = None, *, beside: Mapping[str, Field] | None = None
) -> Committed[T] | None:
    """Run ``action`` (a service call) in the request's transaction and end the transaction by its outcome.

    If the action raises InvalidInput: roll back, flash the error's message with the category "error" (or, for an
    error of a field named in ``beside``, say it beside that form field: a confirmation shown only when it is asked
    for) and return None, so nothing the action wrote stays; the same, with the message ``SIMULTANEOUS``, when a
    unique constraint
    refuses the action's writes or their commit (a concurrent request wrote the same first). Otherwise: commit,
    flash ``done`` (if given) with the category "success" and return the action's result as ``Committed(result)``.
    Any other exception propagates unhandled.
    """
    try:
        result = action()
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        if beside is not None and error.field is not None and error.field in beside:
            beside[error.field].errors = [str(error.message)]
        else:
            flash(str(error.message), "error")
        return None
    except IntegrityError as error:  # a concurrent request wrote the same first, where no service expected it
        db.session.rollback()
        current_app.logger.warning("A write refused by a constraint (a concurrent request?): %s", error.orig)
        flash(str(SIMULTANEOUS), "error")
        return None
    if done is not None:
        flash(done, "success")
    return Committed(result)
