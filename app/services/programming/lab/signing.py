"""The keys, manifests and signatures of lab packages and results bundles.

Each lab package gets an Ed25519 key pair of its own: the private key travels in the package to the lab, which
signs its results bundle with it; the province keeps only the public key, so no copy of the province's database
can sign a bundle. A manifest lists every other file of a zip with its SHA-256; the signature covers the
manifest's bytes exactly, so it covers every file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

MANIFEST = "manifest.json"
SIGNATURE = "signature"


def new_key_pair() -> tuple[str, str]:
    """A fresh key pair: (private key, public key), each the hex of its 32 raw bytes."""
    private = Ed25519PrivateKey.generate()
    return private.private_bytes_raw().hex(), private.public_key().public_bytes_raw().hex()


def sign(private_key: str, data: bytes) -> str:
    """The hex of the Ed25519 signature of ``data`` by ``private_key`` (hex)."""
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_key)).sign(data).hex()


def signed_by(public_key: str, data: bytes, signature: str) -> bool:
    """Whether ``signature`` (hex) is ``public_key``'s (hex) signature of ``data``; False for anything malformed."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(bytes.fromhex(signature.strip()), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at ``path``, read in chunks."""
    with path.open("rb") as f:
        return stream_sha256(f)


def stream_sha256(f: IO[bytes]) -> str:
    """The SHA-256 of what ``f`` holds, read in chunks."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: f.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def manifest(kind: str, package_id: str, hashes: dict[str, str], **fields: Any) -> bytes:
    """The manifest of the files named in ``hashes`` (name -> SHA-256): its ``kind``, the package it belongs to,
    the hashes and ``fields``; canonical JSON (sorted keys), so the same files always give the same bytes."""
    body = {"format": kind, "version": 1, "package_id": package_id, "files": dict(sorted(hashes.items())), **fields}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, indent=1).encode()


def fingerprint(digest: str) -> str:
    """A short, readable form of a file's SHA-256 ``digest`` (4 groups of 4 hex digits): a supervisor writes the
    results bundle's into the round's minutes at the lab, and the province compares it on import."""
    head = digest[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))
