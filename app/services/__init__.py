"""Domain logic: functions that take plain values and a session, never the HTTP request.

One package per domain, each saying in its docstring what it owns:

- ``people``: accounts, passwords, logging in, API tokens, people's import and export, the unit tree;
- ``contests``: contests, their kinds, registering people for them;
- ``programming``: problems, submissions and their grading, test runs, clarifications, the scoreboard, awards;
- ``entries``: entries judged by people, their files, previews and the judges' blind copies;
- ``reviews``: people scoring entries: panels, conflicts, assignment, rubrics, score sheets;
- ``results``: scores, reconciliation, ranking, awards, publication, certificates, the score export;
- ``proposals``: Section 8: proposals and their screening, the brand list, companies, reports, the monthly summary;
- ``records``: the audit log and the mail outbox.

Shared by them, at this level: ``errors`` (what a service raises), ``labels`` (codes in the reader's language),
``unique_rows`` (writes a unique constraint guards, safe under races), ``xlsx_text``, ``home`` (each user's landing
page, across domains), ``staging`` (sweeping the store's leftovers) and ``demo`` (the demonstration data).
"""
