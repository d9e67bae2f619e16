"""Which language an article is in, how its words are counted, and the words its closing opens with.

Every text here was written for these tests.
"""

import pytest

from newsbrief.pipeline.language.detect import MIN_WORDS, declared_language, is_english, language_of
from newsbrief.pipeline.language.labels import NEUTRAL_PREFIX, closing_prefix, opens_closing, without_closing_prefix
from newsbrief.pipeline.language.words import count_words

TEXTS = {
    "en": "The council voted on Tuesday to repair the old wooden bridge before spring. The mayor said the "
          "work would take three months and that traffic would use the ring road in the meantime.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die alte Holzbrücke bis zum Frühjahr zu sanieren. Die "
          "Bürgermeisterin sagte, die Arbeiten würden drei Monate dauern und der Verkehr werde umgeleitet.",
    "fr": "Le conseil municipal a voté mardi la rénovation du vieux pont de bois avant le printemps. La maire "
          "a précisé que les travaux dureraient trois mois et que la circulation serait déviée.",
    "ru": "Городской совет во вторник решил отремонтировать старый деревянный мост до весны. По словам мэра, "
          "работы продлятся три месяца, а движение на это время будет перенаправлено.",
    "ar": "قرر المجلس البلدي يوم الثلاثاء ترميم الجسر الخشبي القديم فوق النهر قبل الربيع. وقالت رئيسة "
          "البلدية إن أعمال الترميم ستستغرق ثلاثة أشهر وإن حركة المرور ستحوّل إلى طريق آخر.",
    "ja": "霧ヶ浜市の市議会は火曜日、川にかかる古い木造の橋を春までに改修することを決めた。市長によると、"
          "工事は三か月かかり、その間は迂回路が設けられる。多くの住民は計画を歓迎している。",
    "zh": "雾港市议会周二决定在明年春天之前修复河上的旧木桥。市长表示，工程将持续三个月，期间车辆需要绕行。"
          "许多居民对这一计划表示欢迎，但也有商户担心生意受到影响。",
}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_the_language_is_read_from_the_text(language):
    assert language_of(TEXTS[language]) == language


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_the_text_outweighs_a_wrong_html_lang_when_it_is_long_enough(language):
    assert count_words(TEXTS[language]) >= MIN_WORDS
    wrong = "de" if language != "de" else "en"
    assert language_of(TEXTS[language], declared=wrong) == language


def test_a_text_too_short_to_tell_keeps_the_page_s_declared_language():
    assert language_of("Kurz gemeldet: Brücke gesperrt.", declared="de-AT") == "de"
    assert language_of("Bridge closed.", declared="fr") == "fr"


def test_a_short_text_without_a_declared_language_is_still_read():
    assert language_of("Der Stadtrat hat die Brücke gesperrt, weil sie baufällig ist.") == "de"


def test_a_text_without_letters_has_only_its_declared_language():
    assert language_of("12 345 — 67 %", declared="es") == "es"
    assert language_of("12 345 — 67 %") == ""


@pytest.mark.parametrize(
    ("declared", "primary"), [("de-AT", "de"), ("en_US", "en"), ("FR", "fr"), ("", ""), ("lang=", ""), ("x", "")]
)
def test_a_declared_language_is_its_primary_subtag_or_nothing(declared, primary):
    assert declared_language(declared) == primary


def test_only_english_and_unknown_text_count_as_english():
    assert is_english("en") and is_english("")
    assert not is_english("de") and not is_english("ja")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The bridge , closed .", 3),  # PTB's lone marks are no words
        ("橋を改修する。", 3),  # six characters, one mark: about two characters a word
        ("東京で G7 サミットが開かれた。", 7),  # twelve characters and one spaced word
        ("", 0),
    ],
)
def test_words_are_counted_in_spaced_and_unspaced_scripts(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize(
    ("language", "prefix"),
    [("en", "In summary, "), ("de", "Zusammengefasst: "), ("fr", "En résumé, "), ("es", "En resumen, "),
     ("ru", "Вкратце: "), ("ja", "まとめると、"), ("zh", "总之，"), ("ar", "باختصار، "), ("de-CH", "Zusammengefasst: "),
     ("", "In summary, ")],
)
def test_the_closing_opens_in_the_article_s_language(language, prefix):
    assert closing_prefix(language) == prefix


def test_a_language_without_its_own_words_gets_the_neutral_marker_not_english():
    assert closing_prefix("sw") == NEUTRAL_PREFIX
    assert opens_closing(NEUTRAL_PREFIX + "mvua imenyesha.")


def test_closing_words_already_in_a_sentence_are_not_said_twice():
    assert without_closing_prefix("In summary, the bridge reopens.") == "the bridge reopens."
    assert without_closing_prefix("in summary, the bridge reopens.") == "the bridge reopens."
    assert without_closing_prefix("En résumé, le pont rouvre.") == "le pont rouvre."
    assert without_closing_prefix("The bridge reopens.") == "The bridge reopens."
