"""Fetching: the guarded HTTP client, its address guard and decoding, robots.txt, politeness, poll rounds."""
