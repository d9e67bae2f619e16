"""Page residue and standing alone: the rules that keep page furniture and leaning sentences out of a brief.

Every line here is written for these tests in the style of what real pages leave in
their extracted text (issue 15); none is taken from a real page.
"""

import pytest

from newsbrief.pipeline.briefs.residue import is_residue, trimmed
from newsbrief.pipeline.briefs.sentences import split_text
from newsbrief.pipeline.briefs.standalone import is_bare_quote, needs_antecedent, without_connective


@pytest.mark.parametrize(
    "line",
    [
        "Scroll down for video",
        "Thanks for signing up!",
        "Sign up for our morning newsletter and get the headlines in your inbox.",
        "Subscribe now to read the full story.",
        "Read the original article.",
        "Read more: Harbour trust names its new chair",
        "Related: The ten oldest lighthouses of the coast",
        "Share this article on Facebook.",
        "Follow us on Twitter for live updates.",
        "Copyright 2026 Calder Evening Post. All rights reserved.",
        "© Valley Ledger Media",
        '[button link="https://example.org/tips" type="big"]Send us your tips[/button]',
        "from django.contrib.staticfiles import finders, storage",
        "def handle(self, *args, **options):",
        "Photo: Tamsin Valley Water Board",
        "Jetzt abonnieren und weiterlesen.",
        "Lesen Sie auch: Neue Fähre für Nordhafen",
        "The reporter may be reached at desk@valleyledger.example.",
        "Home › News › Port Aldwyn › Transport",
        "Updated: 19 November 2026, 09:01",
        "See it now: the Larkfield tablet at its lowest price of the year",
        "Receba em seu email nosso guia gratuito de poupança.",
        "Inscrivez-vous à notre newsletter pour ne rien manquer.",
        "The harbour master, Ines Halloran (pictured), said the quay would reopen in spring.",
        "Dramatic: Callum Dewar is pictured on his trawler before the storm.",
        "Council leader Ravi Mend, pictured at the quay today, promised new sea walls.",
        "The lifeboat crew (left to right: Ada, Bryn and Cole) spent nine hours at sea.",
        "*Nur die ersten zwölf Boote kommen in die Wertung.",
        "Screenshot,Harbour Trust Ob Fähre oder Bus: die neue Karte zeigt alle Verbindungen.",
        "ATENÇÃO: Comentários ofensivos não serão aprovados pelo moderador.",
        "Comments are moderated and may take a day to appear.",
        "Besuchen Sie unseren Hafen und erfahren Sie mehr über die Fähren.",
        "Kontaktiere uns jetzt und lass uns deine Geschichte zusammen schreiben.",
        "Figure 2: Tide heights at Port Aldwyn over the winter.",
        "Q: What did you learn as harbour master?",
        "When you join the Gazette family, you get unlimited digital access to our reporting.",
        "First-time subscribers also receive a tote bag made in Port Aldwyn!",
        "Tell us what YOU think...",
        "Leave a comment and let us know your favourite ferry.",
        "If you enjoyed this article, we have a proposition for you: join the Gazette Club.",
        "¹ Harbour Trust (2026): Annual report, online at https://harbour.example/report.pdf.",
        "A Marsh (capt); B Ferro, C Dunn, D Kell; E Moor, F Lane; G Pike, H Rowe.",
    ],
)
def test_page_furniture_is_residue(line):
    assert is_residue(line)


@pytest.mark.parametrize(
    "line",
    [
        "The band won a copyright case against the record label on Tuesday.",
        "More than 200 subscribers cancelled after the price rise.",
        "The judges are in talks to sign up for the new series.",
        '"I don\'t subscribe to that view," the minister said.',
        "The company's newsletter said sales had doubled.",
        "Repairs will cost 3.2 million crowns (about 300,000 euros).",
        "She said she would read more of the reports before deciding.",
        "The left-wing party won four seats on the harbour council.",
        "Being pictured at the party cost the minister his job.",
        "See the full list of closed roads below.",
        "The newsletter industry grew by a fifth last year.",
        "The comments were approved by the harbour board on Monday.",
        "Scientists hope to learn more about the storm surge from the buoys.",
        "The 2 ferries left Port Aldwyn at dawn.",
        "The ferry company lost 2,000 subscribers to its season ticket after the fare rise.",
        "The minister did not tell us what the tolls would cost.",
        "The ferry calls at Quay Street, the marina and the fort; the bus, which is slower, stops at the "
        "station, the school and the hospital; and the night boat runs on Fridays only.",
    ],
)
def test_news_prose_about_the_same_things_is_not_residue(line):
    assert not is_residue(line)


def test_a_video_prompt_is_trimmed_and_the_span_narrowed():
    paragraph = "Scroll down for video The minister, speaking in Calderwick, promised new trains."
    sentence = split_text(paragraph)[0]
    kept = trimmed(sentence, paragraph)
    assert kept.text == "The minister, speaking in Calderwick, promised new trains."
    assert paragraph[kept.start : kept.end] == kept.text


def test_a_dateline_opening_a_later_paragraph_is_trimmed():
    text = "A standfirst about the bridge.\n\nPORT ALDWYN — The Kestrel Bridge was closed on Monday."
    sentence = split_text(text)[1]
    kept = trimmed(sentence, text.split("\n\n")[1])
    assert kept.text == "The Kestrel Bridge was closed on Monday."


def test_a_brand_name_before_a_dash_in_a_list_is_kept_whole():
    paragraph = "LANTERNWORKS – Lamps made by hand in Calderwick"
    sentence = split_text(paragraph)[0]
    assert trimmed(sentence, paragraph) == sentence


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("He said the plan would be ready by June.", True),
        ("They voted against it.", True),
        ("This means the bridge stays shut.", True),
        ("This week the council meets again.", False),
        ("Doch die Fähre fuhr nicht.", True),
        ("Auch wenn es regnet, fährt die Fähre.", False),
        ('"It was a hard winter," the mayor said.', False),
        ("The council met on Monday.", False),
        ("Ist sie zu knapp berechnet, steigen die Kosten für die Fähre.", True),
        ("Dann sagte er, die Stadt habe kein Geld für die Brücke.", True),
        ("Können Sie die Fahrpläne erklären?", False),
        ("Die Stadt hat die Fähre im Mai gekauft.", False),
        ("In this way the ferry avoids the sandbank.", True),
        ("In this week's vote the council backed the ferry.", False),
    ],
)
def test_which_openers_need_the_sentence_before(sentence, leans):
    assert needs_antecedent(sentence) is leans


@pytest.mark.parametrize(
    ("sentence", "bare"),
    [
        ("\"We had no choice,\" said council leader Maria Okonjo.", False),
        ('"Nobody wants to close a bridge."', True),
        ("It's enough to let the dogs on the good sofa and not send them out.'", True),
        ("„Wir hatten keine Wahl“, sagte die Bürgermeisterin.", False),
        ("\"When the skipper says 'go' the crew casts off and he steers for the harbour mouth.", True),
        ("'It wasn't the tide, it was the wind.", True),
        ("'It was the wind,' the skipper said.", False),
        ("The mayor called the plan 'a good start'.", False),
    ],
)
def test_a_quotation_without_its_speaker_is_bare(sentence, bare):
    assert is_bare_quote(sentence) is bare


def test_a_connective_is_cut_off_and_the_span_narrowed():
    paragraph = "However, repairs of this kind usually take six months."
    sentence = split_text(paragraph)[0]
    alone = without_connective(sentence, paragraph)
    assert alone.text == "Repairs of this kind usually take six months."
    assert paragraph[alone.start : alone.end].lower() == alone.text.lower()


def test_a_connective_phrase_is_cut_off_as_a_connective_word_is():
    paragraph = "At the same time, the harbour board warned that fares would rise."
    sentence = split_text(paragraph)[0]
    assert without_connective(sentence, paragraph).text == "The harbour board warned that fares would rise."


def test_an_adverb_without_its_comma_is_no_connective():
    paragraph = "Still waters run deep under the old mill."
    sentence = split_text(paragraph)[0]
    assert without_connective(sentence, paragraph) == sentence


def test_a_stray_mark_left_by_splitting_is_trimmed_off_the_sentence():
    paragraph = ': "The valley has never had a drier summer," the warden said.'
    sentence = split_text(paragraph)[0]
    kept = trimmed(sentence, paragraph)
    assert kept.text == '"The valley has never had a drier summer," the warden said.'
    assert paragraph[kept.start : kept.end] == kept.text
