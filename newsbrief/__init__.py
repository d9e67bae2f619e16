"""newsbrief: a self-hosted news briefing engine."""

__version__ = "0.1.0"
