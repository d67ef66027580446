"""Launch queries for packages stored before hoithi recorded them (``hoithi entries recover-launch-queries``).

Such a package's row has its launch page but ``launch_query`` NULL, so it opens at the page alone: a Storyline
course exported with ``index_lms.html?lang=vi`` opens in its default language. Its manifest is read again
(``submissions.launch_recovery``: the zip's directory and manifest alone, not the whole package, which may be
hundreds of megabytes in a bucket), and the query is recorded only where today's reading opens the very page
recorded at upload: no package that opens today comes to open elsewhere."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from submissions.launch_recovery import recovered_query
from submissions.store import ContentStore, StoreDenied, StoreError, StoreUnavailable

from ...extensions import DbSession
from ...models import EntryFile

BATCH = 200
"""Rows read and committed at a time: a run stopped halfway keeps what it recorded, and the next run goes on."""


@dataclass
class Recovery:
    """What a run did: packages ``read``, queries ``recovered``, and the digests of packages the store could not
    give (``missing``), each left as it was."""

    read: int = 0
    recovered: int = 0
    missing: list[str] = field(default_factory=list)


def recover(session: DbSession, store: ContentStore) -> Recovery:
    """Record the launch query of every package row with a launch page and no query whose manifest adds one,
    committing every ``BATCH`` rows. A package that adds nothing stays NULL, so a second run reads it again and
    changes nothing. A store that cannot be reached or refuses these keys (``StoreUnavailable``, ``StoreDenied``)
    stops the run with its error, what was recorded committed: every package would be "missing" else."""
    done = Recovery()
    last_id = 0
    while True:
        rows = session.scalars(
            select(EntryFile)
            .where(EntryFile.launch.is_not(None), EntryFile.launch_query.is_(None), EntryFile.id > last_id)
            .order_by(EntryFile.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return done
        for row in rows:
            assert row.launch is not None
            try:
                with store.open_object(row.sha256, row.size) as package:
                    query = recovered_query(package, row.launch)
            except (StoreUnavailable, StoreDenied):
                session.commit()  # what was recorded stays; the next run goes on from there
                raise
            except (StoreError, OSError):
                done.missing.append(row.sha256)
                continue
            done.read += 1
            if query is not None:
                row.launch_query = query
                done.recovered += 1
        last_id = rows[-1].id
        session.commit()
