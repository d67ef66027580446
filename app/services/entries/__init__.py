"""Entries judged by people: entering a contest with an entry, its files and why one is refused, previews of
packages, and the judges' blind copies of the files.
"""
