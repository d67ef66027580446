"""Reviewing entries, people scoring them: the panel of judges, conflicts of interest, assigning judges to
entries, rubrics, and the judges' score sheets.
"""
