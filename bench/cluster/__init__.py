"""Benchmark of event and thread clustering: held-out ECB+ quality at both levels beside baselines, and speed."""
