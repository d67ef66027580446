"""The audit log is append-only and hash-chained; ``hoithi audit verify`` finds tampering."""

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import AuditEntry
from app.models.audit import AuditLogIsAppendOnly
from app.services import audit


def _three():
    for i in range(3):
        audit.record(db.session, "test.action", actor_id=None, object_type="test", object_id=i, reason=f"r{i}")
    db.session.commit()


def test_chain_links_each_entry_to_the_one_before(app):
    _three()
    entries = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
    assert entries[0].prev_hash == audit.GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert audit.verify(db.session) == []
    assert app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0


def test_orm_refuses_to_change_or_delete(app):
    _three()
    entry = db.session.query(AuditEntry).first()
    entry.reason = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.query(AuditEntry).first())
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_verify_finds_an_edited_and_a_deleted_entry(app):
    _three()
    ids = [e.id for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    db.session.execute(update(AuditEntry).where(AuditEntry.id == ids[0]).values(reason="forged"))
    db.session.execute(AuditEntry.__table__.delete().where(AuditEntry.id == ids[1]))
    db.session.commit()
    faults = audit.verify(db.session)
    assert (ids[0], "entry edited") in [(f.entry_id, f.problem) for f in faults]
    assert ids[2] in [f.entry_id for f in faults]
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"entry {ids[0]}" in result.output
