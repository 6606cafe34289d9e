"""Benchmarks of the habiflow engine: separate from the tests, print ratios, never assert.

Run them with ``make bench`` (a throwaway PostgreSQL server plus SQLite) or
``python -m bench --quick`` for a short smoke run on SQLite only. Each benchmark
prints a Markdown report and writes it to ``bench/results/<name>.md``.
"""
