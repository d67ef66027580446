"""Who may do what: the authorisation rules of hoithi, one module per domain.

- ``contests``: staff of a contest, who may organise, and the draft-visibility rule.
- ``entries``: who sees an entry (and whether blind), who changes its authors, who settles flagged entries.
- ``programming``: who follows a programming contest's announcements and sees its scoreboard.
- ``proposals``: Section 8: who proposes, edits and sees proposals, contact reports, the brand list, companies.
- ``people``: who manages which people and the unit tree.

Every rule is a function of plain values (the user, the object, a session where the rule needs a query) that
returns a bool and says in its docstring who may. Services check them before acting (``NotAllowed``); views reach
them through ``app.loaders``, which turns a refusal into 404 or 403. See docs/authorisation.md.
"""
