"""The runner image: what it is called and what it holds.

Bump ``IMAGE_VERSION`` whenever the image's contents must change; the Docker backend refuses to run with an
image of another version, so a stale image is noticed instead of silently used.
"""

from __future__ import annotations

from ..languages import debian_packages

IMAGE_REPOSITORY = "hoithi-runner"
IMAGE_VERSION = "5"
IMAGE_TAG = f"{IMAGE_REPOSITORY}:{IMAGE_VERSION}"
VERSION_LABEL = "org.hoithi.runner-version"
SCRATCH_LABEL = "org.hoithi.scratch-stamp"
"""The label holding the stamp of the Scratch runtime the image was built with (``sandbox.scratch.stamp``): a
changed runner or lock file is noticed even where ``IMAGE_VERSION`` was not bumped."""
HARNESS_LABEL = "org.hoithi.harness-stamp"
"""The label holding the stamp of the harness compiled into the image (``harness_source.HARNESS_STAMP``): an image
whose harness is another than this code's is given this code's as source instead (see ``HARNESS_PROGRAM``)."""
HARNESS_PROGRAM = "/usr/local/lib/hoithi/harness.pyc"
"""The harness (``harness_source.HARNESS_SOURCE``) compiled by the image's own Python at build time: a sandbox runs
it as it is, where ``python3 -c`` would compile the whole source again in every sandbox."""

SUITE = "bookworm"
HARNESS_PACKAGES = ("python3",)
"""What the harness itself runs on, whatever the languages."""
PACKAGES: tuple[str, ...] = tuple(sorted({*debian_packages(), *HARNESS_PACKAGES}))
"""Debian packages of the image: every language's in ``sandbox.languages`` and the harness's."""

RUNNER_UID = 1000
"""The image's unprivileged user; sessions may still run under another uid (see the Docker backend)."""

WORKDIR = "/box"
