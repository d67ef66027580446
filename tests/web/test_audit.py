"""The audit log is append-only and chained by keyed hashes, its head checkpointed outside the database after
each audited commit; ``hoithi audit verify`` finds an edited, removed, forged or cut-off entry."""

from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import update

from app.extensions import db
from app.models import AuditEntry
from app.models.audit import AuditLogIsAppendOnly
from app.services.records import audit
from app.services.records.audit import ChainFault
from tests.builders import present, table_of


def _record(n: int, start: int = 0) -> None:
    """``n`` audited commits, one entry each, as the app makes them."""
    for i in range(start, start + n):
        audit.record(db.session, "test.action", actor_id=None, object_type="test", object_id=i, reason=f"r{i}")
        db.session.commit()


def _verify(app: Flask) -> list[ChainFault]:
    checkpoints, _ = audit.read_checkpoints(app.config["AUDIT_CHECKPOINT_FILE"])
    return audit.verify(db.session, app.config["AUDIT_KEY"], checkpoints)


def _cli(app: Flask) -> Result:
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def _entries() -> list[AuditEntry]:
    return db.session.query(AuditEntry).order_by(AuditEntry.id).all()


def _rewrite(entry: AuditEntry, key: str, version: int = audit.KEYED, **changes: object) -> str:
    """What someone with write access to the database but without the key does: change an entry and give it the
    hash they can compute, chained onto the entry before it."""
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.digest_version = version
    new = audit._digest(entry, key)
    values = {**changes, "hash": new, "digest_version": version, "prev_hash": entry.prev_hash}
    db.session.expunge(entry)
    db.session.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(**values))
    return new


def test_an_intact_chain_verifies_and_each_audited_commit_leaves_a_checkpoint(app: Flask) -> None:
    _record(3)
    entries = _entries()
    assert entries[0].prev_hash == audit.GENESIS and [e.seq for e in entries] == [1, 2, 3]
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    checkpoints, unreadable = audit.read_checkpoints(app.config["AUDIT_CHECKPOINT_FILE"])
    assert [(c.entry_id, c.hash, c.count) for c in checkpoints] == [(e.id, e.hash, e.seq) for e in entries]
    assert unreadable == []
    assert _verify(app) == []
    result = _cli(app)
    assert result.exit_code == 0 and "audit log intact (3 checkpoints checked)" in result.output


def test_a_rolled_back_entry_leaves_no_checkpoint(app: Flask) -> None:
    _record(1)
    audit.record(db.session, "test.action", actor_id=None, object_type="test", object_id=9)
    db.session.rollback()
    _record(1, start=1)
    assert len(audit.read_checkpoints(app.config["AUDIT_CHECKPOINT_FILE"])[0]) == 2
    assert _verify(app) == []


def test_the_checkpoint_is_the_head_after_the_outermost_commit_not_a_savepoint(app: Flask) -> None:
    _record(1)
    audit.record(db.session, "test.action", actor_id=None, object_type="test", object_id=1)
    with db.session.begin_nested():  # released: the entry is not committed yet
        pass
    try:
        with db.session.begin_nested():  # rolled back: the entry recorded before it stays
            raise LookupError
    except LookupError:
        pass
    db.session.commit()
    checkpoints, _ = audit.read_checkpoints(app.config["AUDIT_CHECKPOINT_FILE"])
    last = _entries()[-1]
    assert [(c.entry_id, c.count) for c in checkpoints] == [(last.id - 1, 1), (last.id, 2)]
    assert _verify(app) == []


def test_orm_refuses_to_change_or_delete(app: Flask) -> None:
    _record(3)
    entry = present(db.session.query(AuditEntry).first())
    entry.reason = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.query(AuditEntry).first())
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_verify_finds_an_edited_and_a_deleted_entry(app: Flask) -> None:
    _record(3)
    ids = [e.id for e in _entries()]
    db.session.execute(update(AuditEntry).where(AuditEntry.id == ids[0]).values(reason="forged"))
    db.session.execute(table_of(AuditEntry).delete().where(AuditEntry.id == ids[1]))
    db.session.commit()
    faults = _verify(app)
    assert (ids[0], "entry edited") in [(f.entry_id, f.problem) for f in faults]
    assert ids[2] in [f.entry_id for f in faults if f.kind == "link"]
    result = _cli(app)
    assert result.exit_code == 1 and f"entry {ids[0]}" in result.output


def test_deleting_the_newest_entries_is_reported_as_truncation(app: Flask) -> None:
    _record(5)
    ids = [e.id for e in _entries()]
    db.session.execute(table_of(AuditEntry).delete().where(AuditEntry.id >= ids[3]))
    db.session.commit()
    assert audit.verify(db.session, app.config["AUDIT_KEY"]) == []  # the chain alone cannot tell
    [fault] = _verify(app)
    assert (fault.kind, fault.entry_id) == ("truncated", ids[4])
    result = _cli(app)
    assert result.exit_code == 1
    assert f"entries removed after checkpoint {ids[4]}" in result.output
    assert f"counted 5 entries ending at entry {ids[4]}; the log now has 3, ending at entry {ids[2]}" in result.output


def test_emptying_the_log_is_reported(app: Flask) -> None:
    _record(2)
    db.session.execute(table_of(AuditEntry).delete())
    db.session.commit()
    result = _cli(app)
    assert result.exit_code == 1 and "the log now has 0, ending at entry none" in result.output


def test_an_entry_rewritten_with_the_later_hashes_recomputed_without_the_key_is_reported(app: Flask) -> None:
    _record(4)
    entries = _entries()
    guessed_key = "not-the-key"
    prev = _rewrite(entries[1], guessed_key, reason="nothing happened")
    for later in entries[2:]:
        later.prev_hash = prev
        prev = _rewrite(later, guessed_key)
    db.session.commit()
    faults = _verify(app)
    edited = [f.entry_id for f in faults if f.kind == "edited"]
    assert edited == [e.id for e in entries[1:]]
    assert {f.entry_id for f in faults if f.kind == "rewritten"} == {e.id for e in entries[1:]}
    result = _cli(app)
    assert result.exit_code == 1 and f"entry {entries[1].id}: entry edited" in result.output


def test_a_chain_rewritten_wholly_as_unkeyed_is_caught_by_the_checkpoints(app: Flask) -> None:
    _record(3)
    entries = _entries()
    prev = audit.GENESIS
    for i, entry in enumerate(entries):
        entry.prev_hash = prev
        prev = _rewrite(entry, "", audit.UNKEYED, reason="forged" if i == 1 else entry.reason)
    db.session.commit()
    assert audit.verify(db.session, app.config["AUDIT_KEY"]) == []  # a valid unkeyed chain...
    faults = _verify(app)
    assert {(f.kind, f.entry_id) for f in faults} == {("rewritten", e.id) for e in entries}  # ...that the file refutes


def test_entries_from_before_keyed_hashes_still_verify_and_cannot_follow_keyed_ones(app: Flask) -> None:
    _record(3)
    entries = _entries()
    # as the migration left them: the first two written with the old unkeyed digest
    prev = audit.GENESIS
    for entry in entries[:2]:
        entry.prev_hash = prev
        prev = _rewrite(entry, "", audit.UNKEYED)
    entries[2].prev_hash = prev
    _rewrite(entries[2], app.config["AUDIT_KEY"])
    db.session.commit()
    assert audit.verify(db.session, app.config["AUDIT_KEY"]) == []
    _record(1, start=3)
    last = _entries()[-1]
    _rewrite(last, "", audit.UNKEYED, reason="forged")
    db.session.commit()
    faults = audit.verify(db.session, app.config["AUDIT_KEY"])
    assert [(f.kind, f.entry_id) for f in faults] == [("unkeyed", last.id)]


def test_the_key_is_kept_in_the_instance_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.config import from_environment

    monkeypatch.delenv("HOITHI_AUDIT_KEY", raising=False)
    first = from_environment(tmp_path)["AUDIT_KEY"]
    assert len(first) == 64 and (tmp_path / "audit_key").stat().st_mode & 0o077 == 0
    assert from_environment(tmp_path)["AUDIT_KEY"] == first
    monkeypatch.setenv("HOITHI_AUDIT_KEY", "from-the-environment")
    assert from_environment(tmp_path)["AUDIT_KEY"] == "from-the-environment"


def test_a_checkpoint_file_named_on_the_command_line_is_checked_too(app: Flask, tmp_path: Path) -> None:
    _record(2)
    copy = tmp_path / "copied-from-the-monthly-summary.jsonl"
    copy.write_text(Path(app.config["AUDIT_CHECKPOINT_FILE"]).read_text() + "not a checkpoint\n")
    Path(app.config["AUDIT_CHECKPOINT_FILE"]).unlink()  # whoever cut the log removed the instance's file too
    last = _entries()[-1].id
    db.session.execute(table_of(AuditEntry).delete().where(AuditEntry.id == last))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["audit", "verify", "--checkpoints", str(copy)])
    assert result.exit_code == 1 and f"entries removed after checkpoint {last}" in result.output
    assert "line 3 is not a checkpoint" in result.output
