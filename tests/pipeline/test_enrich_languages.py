"""Enrichment by language: English models only on English, topics without stop words in any language.

Every text here was written for these tests.
"""

import pytest

from newsbrief.pipeline.enrichment import topics
from newsbrief.pipeline.enrichment.enrich import enrich
from newsbrief.pipeline.language.stopwords import stop_words

GERMAN = """Der Stadtrat von Kestrelbach hat am Dienstag beschlossen, die alte Holzbrücke über die Wenne bis zum Frühjahr zu sanieren. Die Sanierung der Holzbrücke soll drei Monate dauern und rund zwei Millionen Euro kosten.

Die Bürgermeisterin Greta Almhoff sagte, der Verkehr werde in dieser Zeit über die Umgehungsstraße geleitet. Sie will die Händler der Altstadt unterstützen. Viele Anwohner begrüßen die Sanierung, doch die Händler fürchten um ihre Kundschaft.

Der Stadtrat will im Mai über die Kosten der Umleitung sprechen. Die Holzbrücke ist mehr als hundert Jahre alt."""

ARABIC = """قرر المجلس البلدي يوم الثلاثاء ترميم الجسر الخشبي القديم فوق النهر قبل الربيع. وقالت رئيسة البلدية إن أعمال الترميم ستستغرق ثلاثة أشهر وتكلف نحو مليوني دينار.

وهذا الجسر الذي بني قبل مئة عام هو الطريق الوحيد إلى السوق القديم. ويخشى التجار الذين يعملون في السوق أن يفقدوا زبائنهم خلال أعمال الترميم."""

FRENCH = """Le conseil municipal de Kestrelbach a voté mardi la rénovation du vieux pont de bois avant le printemps. Les travaux de rénovation du pont dureront trois mois.

La maire Odile Ferrand a précisé que la circulation serait déviée. Les commerçants du centre craignent de perdre leur clientèle pendant les travaux du pont."""

JAPANESE = "霧ヶ浜市の市議会は火曜日、川にかかる古い木造の橋を春までに改修することを決めた。市長によると、工事は三か月かかる。"


def test_text_in_another_language_gets_no_entities_and_no_statements():
    found = enrich("Stadtrat saniert die Holzbrücke", GERMAN, language="de")
    assert found.entities == ()
    assert found.statements == ()


@pytest.mark.parametrize(("language", "text"), [("de", GERMAN), ("ar", ARABIC), ("fr", FRENCH)])
def test_topics_hold_no_stop_word_of_the_article_s_language(language, text):
    tags = enrich("", text, language=language).topics
    assert tags
    stop = stop_words(language)
    assert not any(word.lower() in stop for tag in tags for word in tag.split())


def test_german_topics_are_its_recurring_nouns():
    tags = topics.extract("Stadtrat saniert die Holzbrücke", GERMAN, language="de")
    assert "Holzbrücke" in tags and "Stadtrat" in tags
    assert not {"der", "und", "die", "saniert"} & set(tags)


def test_arabic_topics_are_never_function_words():
    assert not {"هذا", "الذي", "الذين", "في"} & set(topics.extract("", ARABIC, language="ar"))


def test_names_are_no_topics_where_only_names_are_capitalised():
    assert not any("Ferrand" in tag or "Odile" in tag for tag in topics.extract("", FRENCH, language="fr"))


def test_text_without_spaces_between_words_gets_no_topics_rather_than_sentence_fragments():
    assert topics.extract("", JAPANESE, language="ja") == ()


def test_english_text_still_gets_its_entities():
    found = enrich("", "Mayor Tamsin Orlow said the Kestrel Bridge will reopen in May.", language="en")
    assert any(e.name == "Tamsin Orlow" for e in found.entities)
