"""Every NEWSBRIEF_* setting is documented in the README, with its default."""

import pytest

from newsbrief import config
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", config.SETTINGS, ids=lambda s: s.name)
def test_each_setting_is_in_the_readme_with_its_default(setting):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{setting.name}` |")), None)
    assert row, f"{setting.name} is not in the README's settings table"
    assert (f"`{setting.default}`" in row) if setting.default else "(empty)" in row


def test_reading_an_undocumented_setting_is_an_error():
    with pytest.raises(KeyError):
        config.get("NEWSBRIEF_NOT_A_SETTING")
