"""The queue side of judging: the app's grading job (claim a submission, keep its heartbeat, store the
``judge`` library's report), the reconciler that re-enqueues what the queue lost, and the RQ worker.

``judge`` grades a package and a source with no database; this package is where a grading meets the database
and Redis.
"""
