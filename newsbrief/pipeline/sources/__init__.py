"""Sources: feeds, feed discovery, OPML lists and files on disk, read into entries."""
