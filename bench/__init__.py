"""Benchmarks, each run from the repository as a module (``python -m bench.<name>``); not part of the test run."""
