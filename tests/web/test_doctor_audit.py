"""`hoithi doctor`'s audit check: every host must sign the audit log with the same key, or `hoithi audit verify`
reports the other hosts' entries as edited. Real database (the tests' own)."""

from __future__ import annotations

import pytest
from flask import Flask

from app.extensions import db
from app.services.records import audit


def _doctor(app: Flask) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["doctor", "--only=audit"])
    return result.exit_code, result.output


def test_an_empty_log_passes(app: Flask) -> None:
    code, out = _doctor(app)
    assert code == 0 and out.startswith("ok    audit") and "no entry yet" in out, out


def test_a_host_with_another_key_is_named(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "AUDIT_KEY", "web-host-key")
    ids = [audit.record(db.session, "test.note", actor_id=None, object_type="x", object_id=n).id for n in (1, 2)]
    db.session.commit()
    code, out = _doctor(app)
    assert code == 0 and "the newest 2 entries verify with this host's key" in out, out

    monkeypatch.setitem(app.config, "AUDIT_KEY", "judge-host-key")  # a host whose env lacks HOITHI_AUDIT_KEY
    code, out = _doctor(app)
    assert code == 1 and out.startswith("FAIL  audit"), out
    assert f"2 of the newest 2 entries (ids {ids[0]}, {ids[1]}) do not verify with this host's key" in out
    assert "give every host the same HOITHI_AUDIT_KEY" in out
    assert [f.entry_id for f in audit.verify(db.session)] == ids  # what verify would report on this host
