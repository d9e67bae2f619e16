"""Topics: three to eight keyphrase tags per article, each a noun phrase."""

from newsbrief.pipeline.enrichment import topics

TITLE = "Harbour town votes to ban cruise ships from the old quay"
TEXT = """MERROW — The town council of Merrow voted on Tuesday to ban cruise ships from the old quay from next spring, after a summer in which up to four ships a day anchored in the bay.

Councillors said the cruise ships brought crowds but little money to the town. The ban will apply to ships carrying more than 500 passengers. Smaller ships may still use the old quay, and larger ships may anchor at the new deep-water terminal three miles to the north.

Shopkeepers on the quay were divided. Some said the cruise passengers kept their businesses alive through the summer; others said the crowds drove away visitors who stay for a week.

The cruise operators said they would move their calls to other ports along the coast. The harbour master said the old quay needed repairs costing about two million crowns, which the council cannot afford this year."""


def test_an_article_gets_three_to_eight_tags():
    tags = topics.extract(TITLE, TEXT)
    assert 3 <= len(tags) <= 8


def test_the_tags_name_what_the_article_is_about():
    tags = [t.lower() for t in topics.extract(TITLE, TEXT)]
    assert any("cruise" in t for t in tags)
    assert any("quay" in t for t in tags)


def test_tags_are_distinct_noun_phrases_without_the_dateline():
    tags = topics.extract(TITLE, TEXT)
    assert len({t.lower() for t in tags}) == len(tags)
    assert not any("MERROW" in t for t in tags)
    for tag in tags:
        words = set(tag.lower().split())
        assert not words & {"said", "voted", "the", "and", "would"}, tag
    # no tag repeats the words of a better one
    for i, a in enumerate(tags):
        for b in tags[i + 1 :]:
            assert not set(a.lower().split()) <= set(b.lower().split())


def test_an_empty_text_has_no_tags():
    assert topics.extract("", "") == ()


def test_a_longer_article_gets_more_tags_than_a_short_one():
    short = topics.extract("", TEXT.split("\n\n")[0])
    assert len(topics.extract(TITLE, TEXT)) >= len(short)


def test_a_per_cent_figure_leaves_no_cent_in_a_tag():
    text = (
        "The Pellam Nurses Union accepted a 6.5 per cent pay rise on Tuesday. The union had asked for a 9 per cent "
        "pay rise and safe staffing levels. Members will vote on the 6.5 per cent pay rise next week, and the "
        "ministry said the pay rise would cost 200 million crowns a year."
    )
    tags = topics.extract("Nurses accept 6.5 per cent pay rise", text)
    assert tags and not any(t.split()[0] in ("cent", "percent") for t in tags)
