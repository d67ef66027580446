"""The WSGI entry point: ``gunicorn wsgi:app``."""

import gc

from app import create_app

app = create_app()
# The application's own objects live as long as the process: move them out of the collector's sight, so that a
# request allocating many objects (a scoreboard of a thousand rows) does not pay for scanning them again and again.
gc.collect()
gc.freeze()
