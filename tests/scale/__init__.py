"""Tests of backfills: newsbrief.scale and the backfill command."""
