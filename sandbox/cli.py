"""``hoithi sandbox ...``: a click group the application attaches to its command line."""

from __future__ import annotations

import time

import click

from .backends import doctor
from .image.build import build_image
from .languages import LANGUAGES
from .session import SandboxError

sandbox_cli = click.Group("sandbox", help="Check and prepare the sandboxes that run contestants' programs.")


@sandbox_cli.command("doctor")
def doctor_command() -> None:
    """Say which sandbox backends work here and why the others do not, and which languages a working one cannot
    run (Scratch without its runtime); exit 1 if none works."""
    report = doctor()
    for found in report:
        click.echo(f"{found.name}: {'works' if found.reason is None else 'does not work: ' + found.reason}")
        for key, why in found.unavailable.items():
            click.echo(f"{found.name}: but {LANGUAGES[key].name} cannot be judged: {why}")
    if all(found.reason is not None for found in report):
        raise click.exceptions.Exit(1)


@sandbox_cli.command("build-image")
@click.option(
    "--offline/--online",
    default=None,
    help="Build with debootstrap + docker import, without a container registry, or from the Dockerfile "
    "(default: offline when no registry answers).",
)
def build_image_command(offline: bool | None) -> None:
    """Build the Docker runner image."""
    started = time.monotonic()
    try:
        tag = build_image(offline=offline, log=click.echo)
    except SandboxError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{tag} ready in {time.monotonic() - started:.0f} s")


@sandbox_cli.command("sweep")
@click.option(
    "--everything", is_flag=True, help="Remove every sandbox container, in use or not (only when no judge runs)."
)
def sweep_command(everything: bool) -> None:
    """Remove the sandbox containers (and their cgroups) left on this machine by judges that died, and the ones
    left ready for a next `hoithi judge run` that have ended, never one in use or waiting (unless --everything)."""
    from .docker_leftovers import sweep

    try:
        swept = sweep(everything)
    except SandboxError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"removed {swept} sandbox containers")
