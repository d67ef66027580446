"""Building the runner image, from the Dockerfile or offline with debootstrap + ``docker import``.

Schools' networks are often slow or closed to container registries; a Debian mirror (often a local one) is
easier to reach, so the offline build needs only that mirror. Its root filesystem is cached as a tarball
(``HOITHI_CACHE_DIR``, default ``/var/cache/hoithi``) so that a rebuild takes seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import docker

from .. import docker_api, scratch
from ..harness_source import HARNESS_SOURCE, HARNESS_STAMP
from ..session import SandboxError
from . import (
    IMAGE_REPOSITORY,
    IMAGE_TAG,
    IMAGE_VERSION,
    PACKAGES,
    RUNNER_UID,
    SCRATCH_LABEL,
    SUITE,
    VERSION_LABEL,
    WORKDIR,
)

BASE_IMAGE = "debian:bookworm-slim"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
REGISTRY_PROBE = "https://registry-1.docker.io/v2/"
IMAGE_DIR = Path(__file__).resolve().parent

Log = Callable[[str], None]


def build_image(offline: bool | None = None, log: Log = print) -> str:
    """Build the runner image and return its tag.

    ``offline=None`` builds from the Dockerfile when the base image is present or a registry answers, and
    offline otherwise. Raises ``SandboxError`` when the image cannot be built.
    """
    cli = docker_api.client(timeout=600)
    previous = _image_id(cli, IMAGE_TAG)
    if offline is None:
        offline = not _has_image(cli, BASE_IMAGE) and not registry_reachable()
        if offline:
            log("no container registry answers: building offline (debootstrap + docker import)")
    if offline:
        tarball = rootfs_tarball(log)
        log(f"importing {tarball} as {IMAGE_TAG}")
        with docker_api.docker_errors("importing the root filesystem"):
            cli.api.import_image_from_file(
                str(tarball), repository=IMAGE_REPOSITORY, tag=IMAGE_VERSION, changes=_import_changes()
            )
    else:
        log(f"building {IMAGE_TAG} from {IMAGE_DIR / 'Dockerfile'}")
        with tempfile.TemporaryDirectory(prefix="hoithi-image-") as context:
            shutil.copyfile(IMAGE_DIR / "Dockerfile", Path(context) / "Dockerfile")
            _install_scratch(Path(context) / "scratch")
            with docker_api.docker_errors("building the image"):
                cli.images.build(
                    path=context,
                    tag=IMAGE_TAG,
                    rm=True,
                    buildargs={
                        "PACKAGES": " ".join(PACKAGES),
                        "RUNNER_UID": str(RUNNER_UID),
                        "VERSION": IMAGE_VERSION,
                        "SCRATCH_STAMP": scratch.stamp(),
                    },
                )
    _add_harness(cli, log)
    if previous not in (None, _image_id(cli, IMAGE_TAG)):
        with contextlib.suppress(SandboxError), docker_api.docker_errors("removing the replaced image"):
            cli.images.remove(previous)  # fails harmlessly while a container still uses it
    log(f"built {IMAGE_TAG}")
    return IMAGE_TAG


def _add_harness(cli: docker.DockerClient, log: Log) -> None:
    """Compile the harness into the image just built under ``IMAGE_TAG`` (``Dockerfile.harness``), with the image's
    own Python; nothing is pulled (the base is that image)."""
    base = _image_id(cli, IMAGE_TAG)
    assert base is not None
    log(f"compiling the harness into {IMAGE_TAG}")
    with tempfile.TemporaryDirectory(prefix="hoithi-harness-") as context:
        shutil.copyfile(IMAGE_DIR / "Dockerfile.harness", Path(context) / "Dockerfile")
        (Path(context) / "harness.py").write_text(HARNESS_SOURCE)
        with docker_api.docker_errors("compiling the harness into the image"):
            cli.images.build(
                path=context,
                tag=IMAGE_TAG,
                rm=True,
                buildargs={"BASE": base, "HARNESS_STAMP": HARNESS_STAMP, "RUNNER_UID": str(RUNNER_UID)},
            )


def registry_reachable(timeout: float = 5.0) -> bool:
    """Whether Docker Hub's registry answers at all (an authentication refusal counts as an answer)."""
    try:
        urllib.request.urlopen(REGISTRY_PROBE, timeout=timeout).close()
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False
    return True


def debian_mirror() -> str:
    """The Debian mirror to bootstrap from: ``HOITHI_DEBIAN_MIRROR``, else the one apt uses here."""
    if mirror := os.environ.get("HOITHI_DEBIAN_MIRROR"):
        return mirror
    return _apt_mirror(Path("/etc/apt")) or DEFAULT_MIRROR


def rootfs_tarball(log: Log = print) -> Path:
    """The cached root filesystem tarball of the image, made with debootstrap when missing (needs root)."""
    mirror = debian_mirror()
    key = hashlib.sha256(
        f"{IMAGE_VERSION} {SUITE} {mirror} {PACKAGES} {RUNNER_UID} {scratch.stamp()}".encode()
    ).hexdigest()[:12]
    cache = Path(os.environ.get("HOITHI_CACHE_DIR", "/var/cache/hoithi"))
    tarball = cache / f"runner-rootfs-{SUITE}-{key}.tar"
    if tarball.exists():
        log(f"using cached root filesystem {tarball}")
        return tarball
    if shutil.which("debootstrap") is None:
        raise SandboxError("offline image build needs debootstrap (apt-get install debootstrap)")
    if os.geteuid() != 0:
        raise SandboxError("offline image build needs root (debootstrap)")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix="rootfs-") as tmp:
        root = Path(tmp) / "root"
        log(f"debootstrap {SUITE} from {mirror} (a few minutes)")
        _run(["debootstrap", "--variant=minbase", f"--include={','.join(PACKAGES)}", SUITE, str(root), mirror])
        _finish_rootfs(root)
        part = Path(tmp) / "rootfs.tar"
        _run(["tar", "--numeric-owner", "-C", str(root), "-cf", str(part), "."])
        part.replace(tarball)
    return tarball


def _finish_rootfs(root: Path) -> None:
    """What the Dockerfile does after installing packages: the runner user, the workdir, no apt caches, the
    Scratch runtime."""
    with (root / "etc/group").open("a") as group:
        group.write(f"runner:x:{RUNNER_UID}:\n")
    with (root / "etc/passwd").open("a") as passwd:
        passwd.write(f"runner:x:{RUNNER_UID}:{RUNNER_UID}::{WORKDIR}:/usr/sbin/nologin\n")
    (root / WORKDIR.lstrip("/")).mkdir(mode=0o755, exist_ok=True)
    for cache_dir in ("var/lib/apt/lists", "var/cache/apt/archives"):
        for entry in (root / cache_dir).glob("*"):
            if entry.is_file():
                entry.unlink()
    _install_scratch(root / scratch.RUNTIME_DIR.lstrip("/"))


def _install_scratch(dest: Path) -> None:
    """The Scratch runtime (``sandbox.scratch``: scratch-vm from the lock file, pure JavaScript) made with the
    host's npm into ``dest``."""
    try:
        scratch.install(dest)
    except scratch.ScratchInstallError as exc:
        raise SandboxError(f"cannot build the Scratch runtime for the image: {exc}") from exc


def _import_changes() -> list[str]:
    return [
        "ENV LANG=C.UTF-8",
        "ENV PATH=/usr/local/bin:/usr/bin:/bin",
        f"LABEL {VERSION_LABEL}={IMAGE_VERSION}",
        f"LABEL {SCRATCH_LABEL}={scratch.stamp()}",
        f"USER {RUNNER_UID}:{RUNNER_UID}",
        f"WORKDIR {WORKDIR}",
    ]


def _has_image(cli: docker.DockerClient, name: str) -> bool:
    return _image_id(cli, name) is not None


def _image_id(cli: docker.DockerClient, name: str) -> str | None:
    with docker_api.docker_errors(f"looking up {name}"):
        images = cli.images.list(name=name)
    return images[0].id if images else None


def _apt_mirror(apt_dir: Path) -> str | None:
    """The first Debian archive URI (not the security one) in apt's sources, in either format."""
    files = [apt_dir / "sources.list", *sorted((apt_dir / "sources.list.d").glob("*"))]
    for path in files:
        if not path.is_file():
            continue
        for line in path.read_text(errors="replace").splitlines():
            words = line.split("#", 1)[0].split()
            if path.suffix == ".sources" and words[:1] == ["URIs:"]:
                uris = words[1:]
            elif words[:1] == ["deb"]:
                uris = [w for w in words[1:] if "://" in w][:1]
            else:
                continue
            for uri in uris:
                if uri.rstrip("/").endswith("/debian"):
                    return uri.rstrip("/")
    return None


def _run(argv: list[str]) -> None:
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip()[-2000:]
        raise SandboxError(f"{argv[0]} failed (exit {proc.returncode}): {tail}")
