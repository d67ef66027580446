"""What the requests of a test commit to the database: the tables their statements write, seen on the engine
(``Writes``), for the walks over every route (test_authorisation.py, test_route_walks.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.test import TestResponse

from app.extensions import db

# Tables a GET may write: the judge's copy of an entry file made when a judge first opens it, and the short-lived
# tokens of a package's sandboxed preview made for the viewer's frame.
GET_WRITES = {"entry_files", "preview_tokens"}


_WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


class Writes:
    """The tables that statements of the database's engine write and commit (any connection: the test's and the
    requests'), from the time ``watching`` starts; a write rolled back is forgotten."""

    def __init__(self) -> None:
        self._pending: list[str] = []
        self.committed: list[str] = []

    def _executed(self, conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        if written := _WRITE.match(statement):
            self._pending.append(written.group(1))

    def _committed(self, conn: Any) -> None:
        self.committed.extend(self._pending)
        self._pending.clear()

    def _rolled_back(self, conn: Any) -> None:
        self._pending.clear()

    @contextmanager
    def watching(self) -> Iterator[Writes]:
        self._pending.clear()
        self.committed.clear()
        handlers: list[tuple[str, Callable[..., None]]] = [
            ("after_cursor_execute", self._executed),
            ("commit", self._committed),
            ("rollback", self._rolled_back),
        ]
        for name, handler in handlers:
            event.listen(db.engine, name, handler)
        try:
            yield self
        finally:
            for name, handler in handlers:
                event.remove(db.engine, name, handler)

    def during(self, client: FlaskClient, method: str, url: str) -> tuple[TestResponse, list[str]]:
        """What ``client`` is answered to ``method url`` (no form fields), and the tables the request wrote and
        committed."""
        self.committed.clear()
        response = client.open(url, method=method)
        return response, sorted(set(self.committed))
