"""Backfills beyond one machine: the pipeline's stages over millions of records, on Ray or in local processes."""
