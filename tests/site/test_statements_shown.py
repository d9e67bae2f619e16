"""Pages show only statements that pass: an aim that does not read (stored by an older enrichment) is left off.

The statements kept still link their evidence into the original.
"""

import re
from html import unescape

import pytest

from newsbrief.site.models import Article, Statement
from newsbrief.site.web.statements_shown import passes

pytestmark = pytest.mark.django_db
# An aim with an unclosed quote, in words no example article uses: pages may quote the
# examples' own sentences (evidence, story briefs), so the marker must be found nowhere else.
UNREADABLE = "wharf crews to “lash every hull twice, not once"


def _unreadable_beside(statement: Statement) -> Statement:
    """A statement of the same article and actor whose aim an older enrichment left with an unclosed quote."""
    return Statement.objects.create(
        article=statement.article, actor=statement.actor, cue="urged", aim=UNREADABLE,
        polarity="wants", evidence=statement.evidence, paragraph=statement.paragraph,
        start=statement.start, end=statement.end,
    )


def test_a_statement_passes_when_its_aim_reads_and_its_evidence_is_a_sentence():
    kept = Statement(aim="to stay to watch over his boat", evidence="He said he would stay.", start=0, end=22)
    assert passes(kept)
    assert not passes(Statement(aim="residents to “leave early, not late", evidence="x.", start=0, end=2))
    assert not passes(Statement(aim="do all they can to", evidence="x.", start=0, end=2))
    assert not passes(Statement(aim="a new bridge", evidence=" ", start=0, end=1))


def test_pages_leave_off_a_statement_that_does_not_pass_and_keep_the_evidence_link_of_those_that_do(
    ingested_examples, client
):
    good = Statement.objects.filter(paragraph__gte=0, article__in=Article.objects.published(),
                                    article__story__isnull=False).first()
    bad = _unreadable_beside(good)
    article = good.article
    pages = {
        "article": article.get_absolute_url(),
        "entity": good.actor.get_absolute_url(),
        "story": article.story.get_absolute_url(),
    }
    for name, url in pages.items():
        html = unescape(client.get(url).content.decode())
        assert "lash every hull twice" not in html, name
        assert good.aim in html, name
    html = client.get(article.get_absolute_url()).content.decode()
    row = re.search(rf'<tr id="statement-{good.pk}">(.*?)</tr>', html, re.S).group(1)
    href = unescape(re.search(r'class="mark" href="([^"]+)"', row).group(1))
    assert href.startswith(article.url + "#:~:text=")
    assert f'id="statement-{bad.pk}"' not in html
