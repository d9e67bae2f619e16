"""Language detection benchmark: the detected language against labels read by hand, and its cost."""
