"""Benchmark of story clustering: ECB+ quality beside two baselines, and assignment speed at 100,000 stories."""
