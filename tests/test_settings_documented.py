"""The settings reference, docs/settings.md, is generated from config.SETTINGS and never drifts from it."""

import pytest

from newsbrief import config
from tests.conftest import ROOT

REFERENCE = ROOT / "docs" / "settings.md"


def test_the_settings_reference_is_what_the_list_generates():
    assert REFERENCE.read_text(encoding="utf-8") == config.reference(), (
        "docs/settings.md differs from newsbrief/config.py: run `python -m newsbrief.config > docs/settings.md`"
    )


@pytest.mark.parametrize("setting", config.SETTINGS, ids=lambda s: s.name)
def test_each_setting_is_in_the_reference_with_its_default(setting):
    row = next((line for line in config.reference().splitlines() if line.startswith(f"| `{setting.name}` |")), None)
    assert row, f"{setting.name} is not in the settings reference"
    text = setting.text(setting.default)
    assert (f"`{text}`" in row) if text else "(empty)" in row


@pytest.mark.parametrize("setting", config.SETTINGS, ids=lambda s: s.name)
def test_each_setting_has_help_and_a_default_that_reads_back_as_itself(setting, monkeypatch):
    assert setting.name.startswith("NEWSBRIEF_")
    assert setting.help.endswith(".") and "|" not in setting.help
    monkeypatch.setenv(setting.name, setting.text(setting.default))
    assert config.value(setting.name) == setting.default


def test_each_setting_is_declared_once():
    names = [setting.name for setting in config.SETTINGS]
    assert len(names) == len(set(names))
