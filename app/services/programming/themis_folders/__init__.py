"""Themis contest folders in and out of a programming contest, as lab teachers use them.

A Themis contest folder holds one folder per contestant, named by the contestant's login, each holding
``TASK.ext``: TASK is a problem's code (case-insensitive), ext a language's extension (``sandbox.languages``).

Promises:
- ``reading`` lists a folder (a path on this machine) or an uploaded zip as files, checked for shape only (no
  stray file at the top, no nested folder, no link, no path escaping the folder, no file over the source cap); it
  knows nothing of the contest.
- ``importing`` matches a listing against a contest (contestants by login, problems by code, languages by
  extension among those the contest accepts) and either refuses it whole, with every problem named
  (``FolderRefused``), or creates one queued submission per file, marked ``origin="themis"``, in the caller's
  transaction; the caller queues them after the commit (``queue_imported``).
- ``exporting`` writes the results sheet (.xlsx: contestant x task scores, total, rank, headed as Themis' sheet)
  and the contest's submissions back as a Themis folder (a zip), one source per contestant and task: the best
  (IOI) or the last (ICPC), so that the zip imports again as it is.
"""
