"""Benchmark of the who-wants-what extractor on the gold set in bench/data/."""
