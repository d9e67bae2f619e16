"""Benchmark of the brief lead (run: python -m bench.summarize) and the scorer's training script."""
