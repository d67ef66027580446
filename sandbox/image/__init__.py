"""The runner image: what it is called and what it holds.

Bump ``IMAGE_VERSION`` whenever the image's contents must change; the Docker backend refuses to run with an
image of another version, so a stale image is noticed instead of silently used.
"""

from __future__ import annotations

IMAGE_REPOSITORY = "hoithi-runner"
IMAGE_VERSION = "1"
IMAGE_TAG = f"{IMAGE_REPOSITORY}:{IMAGE_VERSION}"
VERSION_LABEL = "org.hoithi.runner-version"

SUITE = "bookworm"
PACKAGES: tuple[str, ...] = ("gcc", "g++", "libc6-dev", "fp-compiler", "python3")
"""Debian packages of the image (compilers for every language in ``sandbox.languages``)."""

RUNNER_UID = 1000
"""The image's unprivileged user; sessions may still run under another uid (see the Docker backend)."""

WORKDIR = "/box"
