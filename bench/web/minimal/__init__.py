"""The floor of the framework: one Django view rendering one row from SQLite through a template.

Its own tiny settings, URL map and view (no newsbrief code, no middleware), served by
the same gunicorn as `newsbrief serve`; the database is the benchmark's, named by
BENCH_MINIMAL_DB, and the row is the newest article with its brief.
"""
