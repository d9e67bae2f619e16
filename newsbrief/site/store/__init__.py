"""The store: the only code that writes articles, briefs, enrichment and story assignments."""
