"""Contests and registration: creating, changing and listing contests and whether registration is open, the
kinds of contest (each described once), registering people for a contest, and rounds that feed one another: which
round a contest feeds, where its entrants stood, nominating them into the next round and the hand-off to a round
outside hoithi (docs/rounds.md).
"""
