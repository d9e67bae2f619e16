"""A fresh install gets planner statistics from the store as its archive grows, with nothing to set up.

Migration 0013 analyzes the database once, which on a fresh install is an empty
one; the bulk writer, a poll round and `newsbrief serve` refresh the statistics
whenever the articles have doubled since they were taken (site/store/planner_statistics.py).
"""

from collections import Counter

import pytest
from django.db import connection

from bench.web.archive import Vocabulary, articles, write_archive
from newsbrief.site.store.planner_statistics import SMALL, refresh, refresh_if_grown

WORDS = Vocabulary.of(Counter({word: 50 // (rank + 1) + 1 for rank, word in enumerate(
    "the of and harbour ferry council bridge pier tide crew rota vote budget mayor quay lantern ward".split())}))


def _articles_analyzed() -> int:
    """The article count the SQLite planner's statistics hold (0: none)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'newsbrief_article' AND idx LIKE 'sqlite_autoindex%%'")
        row = cursor.fetchone()
    return int(row[0].split()[0]) if row else 0


@pytest.mark.django_db
def test_a_small_archive_is_not_analyzed_and_an_analyzed_one_not_again():
    assert not refresh_if_grown()  # no articles: every plan is quick
    refresh()
    assert not refresh_if_grown()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="PostgreSQL counts committed rows a moment later")
def test_a_backfill_into_a_fresh_install_leaves_statistics_of_its_size():
    assert _articles_analyzed() == 0
    write_archive(articles(SMALL + 100, WORDS), batch=SMALL + 100)
    assert _articles_analyzed() >= SMALL // 2  # SQLite samples: its count is an estimate
    taken = _articles_analyzed()
    write_archive(articles(200, WORDS, seed=9), batch=200)
    assert _articles_analyzed() == taken  # grown by a fifth, not doubled: not taken again
