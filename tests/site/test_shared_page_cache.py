"""The shared page cache (NEWSBRIEF_CACHE_URL, Redis): pages and their generations shared by every web server.

Runs against a real redis-server started on loopback for these tests; skipped when
Debian's redis-server (apt-get install redis-server) or the redis package is missing.
"""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.core.cache import caches

from newsbrief import config
from newsbrief.pipeline.errors import ConfigError
from newsbrief.site.models import Comment
from newsbrief.site.store.page_generation import GENERATIONS_ALIAS, tag
from newsbrief.site.web.caching import CACHE_ALIAS
from tests.conftest import ROOT
from tests.site.conftest import reader_get

pytestmark = pytest.mark.django_db
redis = pytest.importorskip("redis")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A redis-server of its own on a free loopback port, for this module's tests."""
    if not shutil.which("redis-server"):
        pytest.skip("no redis-server here (apt-get install redis-server)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


@pytest.fixture
def shared_cache(redis_url, settings, monkeypatch):
    """The site configured as NEWSBRIEF_CACHE_URL makes it: pages and generations in Redis; emptied around each test."""
    monkeypatch.setenv("NEWSBRIEF_CACHE_URL", redis_url)
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "600")
    settings.CACHES = {**settings.CACHES, **config.page_caches()}
    redis.Redis.from_url(redis_url).flushdb()
    yield redis_url
    redis.Redis.from_url(redis_url).flushdb()


def _in_another_process(redis_url: str, code: str) -> str:
    """Run code in another newsbrief process on the same Redis, with an empty database of its own: its output."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsbrief.settings", "NEWSBRIEF_CACHE_URL": redis_url,
           "NEWSBRIEF_CACHE_SECONDS": "600", "NEWSBRIEF_DATABASE_URL": "sqlite:///:memory:"}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_page_is_kept_in_redis_and_served_by_another_server(shared_cache, article):
    url = article.get_absolute_url()
    assert reader_get(url)["X-Page-Cache"] == "miss"
    assert reader_get(url)["X-Page-Cache"] == "hit"
    keys = redis.Redis.from_url(shared_cache).keys("newsbrief-*")
    assert any(b"newsbrief-pages" in key for key in keys) and any(b"newsbrief-generation" in key for key in keys)
    # Another web server: its database has no tables at all, so the page can only come from Redis.
    served = _in_another_process(shared_cache, (
        "from django.test import Client\nfrom django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        f"response = Client().get({url!r})\n"
        "print(response.status_code, response['X-Page-Cache'], 'Leave a Reply' in response.content.decode())"))
    assert served == "200 hit True"


def test_a_write_in_another_process_makes_the_page_stale_on_every_server(shared_cache, article):
    url = article.get_absolute_url()
    reader_get(url)
    reader_get("/about/")
    assert reader_get(url)["X-Page-Cache"] == "hit"
    _in_another_process(shared_cache, (
        "from newsbrief.site.store.page_generation import invalidate\n"
        f"invalidate({tag('article', article.pk)!r})"))
    assert reader_get(url)["X-Page-Cache"] == "miss"
    assert reader_get("/about/")["X-Page-Cache"] == "hit"


def test_a_comment_here_reaches_the_generation_other_servers_read(shared_cache, article):
    url = article.get_absolute_url()
    reader_get(url)
    before = caches[GENERATIONS_ALIAS].get(tag("article", article.pk))
    Comment.objects.create(article=article, name="Ada", email="ada@example.org", body="Seen everywhere.",
                           status=Comment.Status.APPROVED)
    assert caches[GENERATIONS_ALIAS].get(tag("article", article.pk)) not in (None, before)
    page = reader_get(url)
    assert page["X-Page-Cache"] == "miss" and "Seen everywhere." in page.content.decode()


def test_a_lost_generation_makes_pages_stale_never_current(shared_cache, article):
    url = article.get_absolute_url()
    reader_get(url)
    assert reader_get(url)["X-Page-Cache"] == "hit"
    caches[GENERATIONS_ALIAS].delete(tag("article", article.pk))  # evicted under memory pressure, say
    assert reader_get(url)["X-Page-Cache"] == "miss"
    assert reader_get(url)["X-Page-Cache"] == "hit"
    assert caches[CACHE_ALIAS].__class__.__name__ == "RedisCache"


def test_a_cache_url_that_is_not_redis_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_CACHE_URL", "memcached://127.0.0.1:11211")
    with pytest.raises(ConfigError, match="NEWSBRIEF_CACHE_URL: 'memcached://127.0.0.1:11211' is not a Redis URL"):
        config.page_caches()
