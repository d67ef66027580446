"""Contests and registration: creating, changing and listing contests and whether registration is open, the
kinds of contest (each described once), and registering people for a contest.
"""
