"""The page's article text as trafilatura reads it, with the settings measured best on real pages.

Measured with bench/extract on the 181 AEB pages and the 449 trafeval-dev pages
(docs/benchmarks.md). The first reading is trafilatura's fast mode (no
readability/jusText comparison) focused on recall, tables kept: the best F1 on
AEB and the most must-contain segments kept on trafeval of trafilatura's single
settings, and the fastest. It keeps too little on pages laid out unlike an
article (trafeval: a product page, a recipe, a page of short teasers), where
trafilatura's full cascade finds the text; so a page whose first reading is short
is read a second time with trafilatura's defaults. Tables are kept: where they are
inside the article they are the article (a league table, results, prices);
trafilatura leaves out those of sidebars and footers with the rest of them.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura

# A first reading under this many characters is read again with trafilatura's defaults.
# Chosen on trafeval-dev (700 to 1,500 keep the same segments; 2,000 loses some) and
# confirmed on AEB, where the second reading changes no page's score.
SECOND_READING_BELOW = 1000
# trafilatura writes a table's header rule as "|---|---|": a line of no words.
_TABLE_RULE = re.compile(r"^[\s|:\-]*$")
_FIRST_READING = {"fast": True, "favor_recall": True}
_SECOND_READING = {"fast": False}


def _read(tree: lxml.html.HtmlElement, url: str | None, options: dict, metadata: dict | None):
    return trafilatura.bare_extraction(tree, url=url, with_metadata=metadata is not None, include_comments=False,
                                       include_tables=True, **options, **(metadata or {}))


def read(tree: lxml.html.HtmlElement, url: str | None, **metadata) -> tuple[trafilatura.settings.Document | None, str]:
    """trafilatura's metadata of the page (None when it finds no text) and the article's text ("" for none).

    metadata: trafilatura's options for the metadata (the date search's).
    """
    doc = _read(tree, url, _FIRST_READING, metadata)
    text = doc.text if doc and doc.text else ""
    if len(text) < SECOND_READING_BELOW:
        second = _read(tree, url, _SECOND_READING, metadata if doc is None else None)
        if second and second.text:
            doc, text = doc or second, second.text
    return doc, "\n".join(line for line in text.splitlines() if not _TABLE_RULE.match(line))
