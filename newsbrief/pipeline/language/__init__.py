"""Language: which language an article is written in, and the words a brief prints in it.

The modules listed in __all__ are the phase's public surface.
"""

__all__ = ["detect", "labels", "stopwords", "words"]
