"""hoithi: contest management for a provincial Department of Education and Training.

Importing the package costs nothing: the web application's modules (Flask, SQLAlchemy, the blueprints) are
imported by ``create_app`` when an application is built, so that the command line's judge commands start at
once (see ``app.cli``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The application, configured from the environment, then from ``config`` (tests pass overrides)."""
    from .factory import create_app as build

    return build(config)
