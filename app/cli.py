"""The ``hoithi`` console script: Flask's command line bound to ``create_app``."""

from __future__ import annotations

from flask.cli import FlaskGroup

from . import create_app

cli = FlaskGroup(create_app=create_app, help="hoithi: contest management (hội thi).")


def main() -> None:
    cli.main(prog_name="hoithi")


if __name__ == "__main__":
    main()
