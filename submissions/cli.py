"""``hoithi entries check FILE``: check an entry file as an upload would be checked, and say why it is refused."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .validate import check_file


@click.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help='Print {"ok", "kind", "launch", "errors"} as JSON.')
@click.option("--name", "declared_name", help="The file's name as uploaded (its extension is what counts).")
@click.pass_context
def entries_check(ctx: click.Context, file: Path, as_json: bool, declared_name: str | None) -> None:
    """Check FILE (a package zip, video, document or image). Exit status: 0 accepted, 1 refused, 2 usage error."""
    report = check_file(file, declared_name=declared_name)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    elif report.ok:
        where = f", opens at {report.launch}{report.launch_query or ''}" if report.launch else ""
        click.echo(f"OK: {report.kind}{where}")
    else:
        click.echo(f"REFUSED ({report.kind or 'unknown type'}):")
        for error in report.errors:
            click.echo(f"  - {error}")
    ctx.exit(0 if report.ok else 1)
