"""Contestants' pages of a programming contest."""
