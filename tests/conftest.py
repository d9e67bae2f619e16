"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def ferry_brief() -> Path:
    """A brief of our own in the reference text layout."""
    return FIXTURES / "ferry-brief.txt"
