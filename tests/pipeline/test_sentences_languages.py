"""Sentences split by the rules of the article's language. Every text here was written for these tests."""

import pytest

from newsbrief.pipeline.briefs.sentences import split_text

CASES = [
    ("German date", "de", "Das Fest beginnt am 19. Januar in Kestrelbach. Der Eintritt ist frei.",
     ["Das Fest beginnt am 19. Januar in Kestrelbach.", "Der Eintritt ist frei."]),
    ("German ordinal before a noun", "de", "Der Verein gewann zum 3. Mal den Pokal. Die Stadt feierte.",
     ["Der Verein gewann zum 3. Mal den Pokal.", "Die Stadt feierte."]),
    ("German number ends a sentence", "de", "Die Zahl der Verletzten stieg auf 19. Der Bürgermeister sprach von einem schwarzen Tag.",
     ["Die Zahl der Verletzten stieg auf 19.", "Der Bürgermeister sprach von einem schwarzen Tag."]),
    ("German abbreviations", "de", "Rund ca. 200 Menschen kamen, z. B. aus Wenne. Der Schaden beträgt 2 Mio. Euro.",
     ["Rund ca. 200 Menschen kamen, z. B. aus Wenne.", "Der Schaden beträgt 2 Mio. Euro."]),
    ("German abbreviation ends a sentence", "de", "Es gab Äpfel, Birnen usw. Die Preise stiegen.",
     ["Es gab Äpfel, Birnen usw.", "Die Preise stiegen."]),
    ("English number still ends a sentence", "en", "The toll rose to 19. Drivers complained.",
     ["The toll rose to 19.", "Drivers complained."]),
    ("Japanese full stops without spaces", "ja", "市議会は橋の改修を決めた。工事は三か月かかる！本当だろうか？",
     ["市議会は橋の改修を決めた。", "工事は三か月かかる！", "本当だろうか？"]),
    ("Japanese quotation with its attribution", "ja", "市長は「工事は三か月かかる。迂回路を設ける。」と述べた。住民は歓迎した。",
     ["市長は「工事は三か月かかる。迂回路を設ける。」と述べた。", "住民は歓迎した。"]),
    ("Chinese quotation with its attribution", "zh", "“我们会按时完工。”市长说。许多居民表示欢迎。",
     ["“我们会按时完工。”市长说。", "许多居民表示欢迎。"]),
    ("Chinese after a closed quotation, a new sentence", "zh", "他说：“工程很重要。”许多居民认为为了安全必须修桥。",
     ["他说：“工程很重要。”", "许多居民认为为了安全必须修桥。"]),
    ("Arabic question mark", "ar", "هل سيكتمل الجسر قبل الربيع؟ قالت رئيسة البلدية إن الأعمال ستستغرق ثلاثة أشهر.",
     ["هل سيكتمل الجسر قبل الربيع؟", "قالت رئيسة البلدية إن الأعمال ستستغرق ثلاثة أشهر."]),
    ("Russian", "ru", "Совет решил отремонтировать мост. Работы продлятся три месяца.",
     ["Совет решил отремонтировать мост.", "Работы продлятся три месяца."]),
]


@pytest.mark.parametrize(("why", "language", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sentences_follow_the_language_s_rules(why, language, text, expected):
    assert [s.text for s in split_text(text, language)] == expected


def test_spans_of_unspaced_sentences_point_into_the_paragraph():
    text = "市議会は橋の改修を決めた。工事は三か月かかる。"
    assert [text[s.start : s.end] for s in split_text(text, "ja")] == ["市議会は橋の改修を決めた。", "工事は三か月かかる。"]
