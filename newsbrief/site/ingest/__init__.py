"""Ways in: file ingest, polling, following sources, backfills and text imports; all write through the store."""
