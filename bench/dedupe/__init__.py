"""Near-duplicate benchmark: MinHash LSH on copies of real articles, and assignment time as the index grows."""
