"""A client of S3-compatible object storage, and what the error codes of its answers mean to the store."""

from __future__ import annotations

from typing import Any

# boto3 and botocore ship no types and no stubs are installed: their imports alone are ignored (the client is Any)
import boto3  # type: ignore[import-untyped]  # untyped library
from botocore.config import Config  # type: ignore[import-untyped]  # untyped library

DENIED = {"AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId", "SignatureDoesNotMatch", "NoSuchBucket"}
MISSING = {"404", "NoSuchKey", "NotFound"}
BUSY = {"SlowDown", "RequestTimeout", "ServiceUnavailable", "InternalError", "Throttling"}
"""Codes a server may give with a status below 500 for a fault that passes (botocore retries them too)."""


def s3_client(endpoint: str | None, region: str | None, attempts: int = 5) -> Any:
    """A client for ``endpoint`` (None: AWS itself) with retries (botocore's standard mode: backoff on throttling,
    5xx answers and dropped connections), short connect timeouts, path-style addressing for self-hosted servers,
    and checksums only where the API requires them (which every S3 implementation accepts). Credentials come from
    the usual AWS variables or files."""
    config = Config(
        retries={"total_max_attempts": attempts, "mode": "standard"},  # the first request counted
        connect_timeout=5,
        read_timeout=60,
        signature_version="s3v4",
        s3={"addressing_style": "path" if endpoint else "auto"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return boto3.session.Session().client("s3", endpoint_url=endpoint, region_name=region, config=config)
