"""The publication: pages, feeds, the JSON API, comments, search, the page cache and the static export."""
