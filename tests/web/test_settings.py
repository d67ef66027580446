"""Numeric settings from the environment: the default when unset or empty, the value given, and a setting that
cannot be used refused at start-up with its variable's name and what it must be."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import config as config_module
from app.config import BadSetting


@pytest.fixture(autouse=True)
def _secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOITHI_SECRET_KEY", "x")
    monkeypatch.setenv("HOITHI_AUDIT_KEY", "y")


def test_numbers_come_from_the_environment_or_their_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOITHI_DATABASE_POOL_SIZE", "")
    monkeypatch.delenv("HOITHI_JUDGE_STALE_SECONDS", raising=False)
    settings = config_module.from_environment(tmp_path)
    assert settings["DATABASE_POOL_SIZE"] == 10
    assert settings["JUDGE_STALE_SECONDS"] == 120.0 and isinstance(settings["JUDGE_STALE_SECONDS"], float)
    monkeypatch.setenv("HOITHI_DATABASE_POOL_SIZE", " 16 ")
    monkeypatch.setenv("HOITHI_JUDGE_STALE_SECONDS", "90.5")
    settings = config_module.from_environment(tmp_path)
    assert (settings["DATABASE_POOL_SIZE"], settings["JUDGE_STALE_SECONDS"]) == (16, 90.5)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("HOITHI_DATABASE_POOL_SIZE", "ten", "HOITHI_DATABASE_POOL_SIZE must be a whole number, not 'ten'"),
        ("HOITHI_DATABASE_POOL_SIZE", "0", "HOITHI_DATABASE_POOL_SIZE must be at least 1, not '0'"),
        ("HOITHI_MAX_UPLOAD_MB", "32MB", "HOITHI_MAX_UPLOAD_MB must be a whole number, not '32MB'"),
        ("HOITHI_SMTP_TIMEOUT", "10s", "HOITHI_SMTP_TIMEOUT must be a number, not '10s'"),
    ],
)
def test_a_setting_that_is_not_a_number_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(BadSetting) as refused:
        config_module.from_environment(tmp_path)
    assert str(refused.value) == message


def test_mail_sent_by_smtp_needs_the_sites_own_address(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Else a password reset's link would be built on a forged Host header and sent to the account's owner."""
    monkeypatch.setenv("HOITHI_SMTP_HOST", "smtp.example.gov.vn")
    monkeypatch.delenv("HOITHI_PUBLIC_URL", raising=False)
    with pytest.raises(BadSetting) as refused:
        config_module.from_environment(tmp_path)
    assert "HOITHI_PUBLIC_URL must be set when HOITHI_SMTP_HOST is" in str(refused.value)
    monkeypatch.setenv("HOITHI_PUBLIC_URL", "https://hoithi.example.gov.vn/")
    assert config_module.from_environment(tmp_path)["PUBLIC_URL"] == "https://hoithi.example.gov.vn"
