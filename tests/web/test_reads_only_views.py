"""A view marked ``reads_only`` may not write, on any database: a statement that may write on its request raises
``WriteInReadOnlyView`` before it reaches the server (``test_read_only_ends``: on PostgreSQL it reads outside a
transaction)."""

from __future__ import annotations

import pytest
from flask import Flask

from app.extensions import db
from app.models import User
from app.read_only_ends import WriteInReadOnlyView, read_outside_transaction

from .. import builders


def test_a_request_outside_a_transaction_that_writes_fails_and_writes_nothing(app: Flask) -> None:
    user_id = builders.person("hs", full_name="Lò Văn An").id
    db.session.commit()
    with app.test_request_context():
        read_outside_transaction()  # as before a view marked reads_only
        found = db.session.get(User, user_id)
        assert found is not None
        found.full_name = "Quàng Thị Bình"
        with pytest.raises(WriteInReadOnlyView, match="UPDATE users"):
            db.session.commit()
        db.session.remove()
    assert builders.committed_name(user_id) == "Lò Văn An"
