"""The Scratch 3 runtime: scratch-vm from the npm registry, pinned by ``package-lock.json``, and our runner.

``runner.js`` (ours) runs one ``.sb3`` headless; ``package.json`` and ``package-lock.json`` pin what it needs
(integrity hashes included). ``install(dest)`` puts the three in ``dest`` and runs ``npm ci`` there; the runner
image holds the result at ``RUNTIME_DIR`` and so must a bubblewrap host (the sandbox sees the host's ``/usr``):
``python -m sandbox.scratch [dest]`` (``make scratch-runtime``) installs it, and does nothing when the installed
copy is already this one. ``node_modules`` is never committed.

The runtime is optional: a host (or an image) without it still judges every other language; only Scratch is then
unavailable (``Backend.unavailable``), for the reason ``unfit`` gives. ``HOITHI_SCRATCH_RUNTIME`` names another
folder than ``RUNTIME_DIR`` for a bubblewrap host's copy (the sandbox still sees it at ``RUNTIME_DIR``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parent
RUNTIME_DIR = "/usr/local/lib/hoithi-scratch"
"""Where the runtime lives, in the runner image and on a bubblewrap host alike."""
RUNNER = f"{RUNTIME_DIR}/runner.js"
LANGUAGE_KEY = "scratch"
"""The language (``sandbox.languages``) this runtime runs."""
FILES = ("runner.js", "package.json", "package-lock.json")
STAMP = ".hoithi-stamp"


class ScratchInstallError(RuntimeError):
    """The runtime could not be installed (npm missing, the registry unreachable, a hash that does not match)."""


@functools.cache  # read once per process: the files are this code's own
def stamp() -> str:
    """What identifies this runtime: the hash of the runner and the lock files."""
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode() + b"\0" + (SOURCE_DIR / name).read_bytes() + b"\0")
    return digest.hexdigest()


def installed(dest: Path) -> bool:
    """Whether ``dest`` holds this very runtime."""
    marker = dest / STAMP
    return marker.is_file() and marker.read_text().strip() == stamp()


def host_runtime() -> Path:
    """Where this host keeps its copy: ``HOITHI_SCRATCH_RUNTIME``, else ``RUNTIME_DIR``."""
    return Path(os.environ.get("HOITHI_SCRATCH_RUNTIME") or RUNTIME_DIR)


def unfit(dest: Path) -> str | None:
    """Why ``dest`` cannot run Scratch projects (missing, or another version than this code's), in plain words
    saying how to mend it; None when it holds this very runtime."""
    if installed(dest):
        return None
    found = "is not installed" if not (dest / STAMP).is_file() else "is another version than this code's"
    return f"the Scratch runtime {found} in {dest}: install it with `make scratch-runtime`"


def install(dest: Path = Path(RUNTIME_DIR), npm: str = "npm") -> Path:
    """Install the runtime into ``dest`` (``npm ci``: exactly the lock file's packages, their hashes checked; no
    package's install scripts run). Built beside ``dest`` and renamed into place, so a half-made copy is never
    used; nothing is done when ``dest`` already holds this runtime."""
    if installed(dest):
        return dest
    if shutil.which(npm) is None:
        raise ScratchInstallError("npm is not installed (apt-get install npm)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=f".{dest.name}-") as tmp:
        build = Path(tmp) / "runtime"
        build.mkdir()
        for name in FILES:
            shutil.copyfile(SOURCE_DIR / name, build / name)
        proc = subprocess.run(
            [npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=build,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise ScratchInstallError(f"npm ci failed: {(proc.stderr or proc.stdout).strip()[-2000:]}")
        (build / STAMP).write_text(stamp() + "\n")
        build.chmod(0o755)
        old = Path(tmp) / "old"
        if dest.exists():
            dest.rename(old)
        build.rename(dest)
    return dest
