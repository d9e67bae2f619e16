"""Briefs an editor would sign: no sentence twice, a closing that sums up, no page residue,
leads and key points that stand alone, every sentence traceable to its source.

Every article here is fiction written for these tests, in the style of the defects
measured on real pages (issue 15); none of it is taken from a real page.
"""

import re

import pytest

from newsbrief.pipeline.briefs.sentences import paragraphs
from newsbrief.pipeline.briefs.summarize import CLOSING_PREFIX, summarize

WORD = re.compile(r"\w+")

# A bridge story with the furniture a real page leaves in extracted text: a standfirst,
# a dateline in the second paragraph, a video prompt glued to a sentence, a caption, a
# newsletter box, share prompts, a related link, a copyright line and a shortcode.
TITLE = "Kestrel Bridge closed after inspectors find cracks"
TEXT = """The Kestrel Bridge in Port Aldwyn is closed to all traffic after inspectors found cracks in its deck.

PORT ALDWYN — The Kestrel Bridge, the main crossing between the harbour and the old town, was closed on Monday morning after inspectors found cracks in two steel beams under its deck.

Scroll down for video The county's chief engineer, Hester Valdane, said the cracks had grown by a third since the last inspection in spring.

Photo: Port Aldwyn Harbour Trust

About 12,000 vehicles cross the bridge every day, most of them commuters heading for the business park on the north shore. Buses will run a detour through the Marsh Road tunnel, which adds about 25 minutes to the journey.

"We cannot take any risk with a structure that carries schoolchildren every morning," Valdane said. The county will decide within two weeks whether the bridge can be repaired or must be replaced.

However, repairs of this kind usually take at least six months, according to the engineers' union.

Thanks for signing up! Sign up for our morning newsletter to get the day's news in your inbox.

Shopkeepers on Quay Street fear that the closure will keep customers away during the busy winter market. The harbour trust has offered free parking at the ferry terminal for the length of the closure.

Related: Port Aldwyn's ferries add an extra crossing for the winter

Share this article on Facebook. Follow us on Twitter for live updates.

The council said the closure showed how badly the town's ageing bridges need investment, and it will ask the national roads fund for help with the repair bill.

[button link="https://portaldwyn.example/tips"]Send us your photos of the bridge[/button]

Copyright 2026 Port Aldwyn Gazette. All rights reserved."""


def every_sentence(brief):
    """(part, sentence) for each sentence on the page, the closing without its prefix."""
    parts = [("lead", s) for s in brief.lead] + [("key point", s) for s in brief.key_points]
    parts += [("body", s) for p in brief.body for s in p]
    parts += [("closing", s) for s in brief.closing]
    return parts


def words(text):
    return set(WORD.findall(text.lower().removeprefix(CLOSING_PREFIX.lower())))


def overlap(a, b):
    return len(a & b) / min(len(a), len(b))


def source_of(text, span):
    return " ".join(paragraphs(text)[span.paragraph][span.start : span.end].split())


@pytest.fixture(scope="module")
def brief():
    return summarize(TITLE, TEXT)


def test_no_two_sentences_on_the_page_share_over_80_percent_of_their_words(brief):
    texts = [words(s.text) for _, s in every_sentence(brief)]
    pairs = [(a, b) for k, a in enumerate(texts) for b in texts[k + 1 :]]
    assert pairs and all(overlap(a, b) <= 0.8 for a, b in pairs)


def test_the_body_leaves_out_what_the_lead_key_points_and_closing_say(brief):
    shown = {s.span for part, s in every_sentence(brief) if part != "body"}
    assert not shown & {s.span for p in brief.body for s in p}


def test_no_page_residue_reaches_lead_key_points_closing_or_body(brief):
    page = " ".join(s.text for _, s in every_sentence(brief))
    for residue in ("Scroll down", "Photo:", "signing up", "newsletter", "Related:", "Share this",
                    "Follow us", "[button", "Copyright", "All rights reserved"):  # fmt: skip
        assert residue not in page


def test_a_video_prompt_is_cut_off_the_sentence_it_was_glued_to():
    brief = summarize(TITLE, TEXT, body_mode="full")
    sentence = next(s for p in brief.body for s in p if "chief engineer" in s.text)
    assert sentence.text.startswith("The county's chief engineer, Hester Valdane, said")
    assert source_of(TEXT, sentence.span) == sentence.text


def test_a_caption_line_is_never_glued_to_the_sentence_before_it():
    text = (
        "Mourners at the Orrin Ford memorial said they were disgusted by the choice to play music during the silence\n"
        "Mara Quill with her young daughter at the memorial\n"
        "The town council apologised on Tuesday and said the music had been booked by mistake.\n\n"
        "About 400 people attended the memorial for the six crew of the lifeboat lost in the October storm. "
        "The council will hold a second ceremony in spring, when the new lifeboat station opens."
    )
    brief = summarize("Council apologises for music at memorial", text)
    shown = [*brief.lead, *brief.key_points, *brief.closing]
    assert shown
    assert all("Mara Quill" not in s.text for s in shown)
    assert all("silence Mara" not in s.text for s in shown)


def test_a_quotation_whose_speaker_is_only_he_is_never_a_key_point_or_the_closing():
    text = (
        "The Calder Nurses Union reached a tentative agreement with the hospital board on Friday after "
        "three weeks of strikes. The deal raises pay by six percent over two years.\n\n"
        "Union leader Ada Marsh will put the offer to members next week. "
        "“I will talk about staffing, about shift patterns, about training,” she said.\n\n"
        "The board said the agreement would cost 4.2 million crowns a year. "
        "Wards closed during the strike will reopen on Monday, the hospital said.\n\n"
        "Members vote by post, and the result is due on the last day of the month."
    )
    brief = summarize("Nurses reach deal with hospital board", text)
    assert brief.key_points
    shown = [*brief.key_points, *brief.closing]
    assert all("I will talk about staffing" not in s.text for s in shown)


def test_a_question_is_never_a_key_point():
    text = (
        "The Port Aldwyn regatta opened on Saturday with a new course around the harbour mouth. "
        "Forty boats entered, twice as many as last year.\n\n"
        "Why did the organisers move the start line? "
        "Was the new course fair to the smaller boats? "
        "Is the harbour big enough for the crowds?\n\n"
        "The harbour master said the course would stay for next year. "
        "The council paid for new moorings at the quay.\n\n"
        "Ticket sales rose by a third, the organisers said."
    )
    brief = summarize("Regatta opens on new course", text)
    assert brief.key_points
    assert not any(s.text.endswith("?") for s in brief.key_points)


def test_a_dateline_never_stands_inside_a_lead_sentence(brief):
    assert "PORT ALDWYN" not in brief.lead_text
    assert "—" not in brief.lead_text


def test_the_lead_does_not_restate_its_standfirst(brief):
    lead = [words(s.text) for s in brief.lead]
    assert all(overlap(a, b) < 0.5 for k, a in enumerate(lead) for b in lead[k + 1 :])


def test_key_points_open_on_no_connective_whose_sentence_is_left_out(brief):
    for s in [*brief.key_points, *brief.closing]:
        opener = WORD.findall(s.text.lower().removeprefix(CLOSING_PREFIX.lower()))[0]
        assert opener not in {"however", "but", "he", "she", "they", "this", "it"}


def test_a_connective_is_cut_and_the_rest_stands_alone():
    text = (
        "The town's only cinema will close in March after ninety years.\n\n"
        "Ticket sales fell by half since the new multiplex opened on the ring road.\n\n"
        "However, a group of residents has raised enough money to keep the screen open on weekends."
    )
    brief = summarize("Old cinema to close", text, body_mode="none")
    shown = [s for _, s in every_sentence(brief) if "residents" in s.text]
    assert shown, "the residents' sentence is on the page"
    for s in shown:
        body = s.text.removeprefix(CLOSING_PREFIX)
        assert body[0].lower() + body[1:] == "a group of residents has raised enough money to keep the screen open on weekends."
        assert source_of(text, s.span).lower() == body.lower()


def test_the_closing_sums_up_and_is_no_headline_teaser_caption_code_or_question(brief):
    assert brief.closing_text.startswith(CLOSING_PREFIX)
    body = brief.closing_text[len(CLOSING_PREFIX) :]
    assert body.endswith(".")
    assert overlap(words(body), words(TITLE)) <= 0.5
    assert not re.search(r"Related|Photo|\[|import|\?", body)


def test_every_sentence_is_traceable_to_its_source_span(brief):
    for part, s in every_sentence(brief):
        text = s.text.removeprefix(CLOSING_PREFIX) if part == "closing" else s.text
        assert source_of(TEXT, s.span).lower() == text.lower()


QUESTIONS = """Mara Tellwick has run the lighthouse museum at Cape Ferrin for twenty years.

What made you take the job?

I grew up two streets away and I used to sneak in through the keeper's gate as a child.

Will the museum survive the cuts?

We have enough money for one more season and a plan for the one after that."""


def test_an_interview_question_is_never_the_closing():
    brief = summarize("Twenty years at the lighthouse", QUESTIONS)
    assert "?" not in brief.closing_text


def test_where_no_sentence_qualifies_there_is_no_closing_rather_than_a_bad_one():
    text = (
        "The ferry to Gullholm was cancelled on Friday because of fog.\n\n"
        "Related: Fog warnings for the weekend\n\n"
        "Is the crossing safe?\n\n"
        "Read more"
    )
    brief = summarize("Ferry cancelled", text)
    assert brief.closing == ()
    assert brief.lead_text == "The ferry to Gullholm was cancelled on Friday because of fog."


def test_a_sentence_the_page_prints_twice_is_never_the_closing():
    pull_quote = "The harbour will be dredged every spring from now on, the port authority said."
    text = "\n\n".join([
        "The port authority of Saltmere will deepen the harbour channel by two metres this winter.",
        "Larger cargo ships have run aground twice this year at low tide.",
        pull_quote,
        "Fishermen welcomed the plan but asked for the work to stop during the herring season.",
        pull_quote,
        "The work will cost 4 million crowns and is paid for by the national ports fund.",
    ])  # fmt: skip
    brief = summarize("Saltmere harbour to be deepened", text)
    assert "dredged every spring" not in brief.closing_text


def test_in_summary_appears_once_when_the_article_has_its_own():
    text = (
        "The Veradia rail strike ended on Sunday after nine days.\n\n"
        "Drivers accepted a pay rise of four per cent over two years.\n\n"
        "Trains will run to the normal timetable from Tuesday morning.\n\n"
        "In summary, the union won most of what it asked for and the railway avoided a longer shutdown."
    )
    brief = summarize("Rail strike ends", text)
    page = " ".join(s.text for _, s in every_sentence(brief)).lower()
    assert page.count("in summary") == 1


def test_the_closing_opens_with_the_words_of_the_articles_language():
    text = (
        "Der Stadtrat von Nordhafen hat am Dienstag den Bau einer neuen Brücke über den Kanal beschlossen.\n\n"
        "Die Brücke soll im Jahr 2028 fertig sein und rund zwölf Millionen Euro kosten.\n\n"
        "Die Kosten für die neue Brücke teilen sich die Stadt Nordhafen und das Land zu gleichen Teilen.\n\n"
        "Anwohner hatten seit Jahren eine zweite Verbindung zwischen den beiden Ufern gefordert."
    )
    brief = summarize("Neue Brücke für Nordhafen", text, language="de")
    assert brief.closing_text.startswith("Zusammengefasst: ")
    assert "In summary" not in brief.closing_text


def test_a_bare_quotation_is_never_a_key_point():
    text = "\n\n".join([
        "The Wrenfield animal shelter has found homes for all of its forty dogs in one month.",
        "Volunteers drove the dogs to fairs in six towns across the valley.",
        "It's enough to let the dogs on the good sofa and not send them out in the rain.'",
        "The shelter's director, Ilse Marrow, said the campaign would run again next year.",
        "Families who adopted a dog get free check-ups at the county vet for a year.",
        "The shelter will now take in dogs from the flooded farms in the south of the valley.",
    ])  # fmt: skip
    brief = summarize("Shelter finds homes for every dog", text)
    assert all("sofa" not in s.text for s in [*brief.lead, *brief.key_points])


def test_a_page_of_nothing_but_furniture_gets_no_brief_but_a_note():
    text = "Thanks for signing up!\n\nSubscribe now to read the full story.\n\nCopyright 2026 Example Media."
    brief = summarize("Subscribe", text)
    assert brief.lead == () and brief.key_points == () and brief.closing == ()
    assert brief.notes and "furniture" in brief.notes[0]


def test_a_surname_followed_by_a_comma_keeps_its_capital_after_in_summary():
    from newsbrief.pipeline.briefs.summarize import _is_name

    text = "The board asked Tamsin Reed and Colin High to review the match. High, the board's referee manager, said so."
    assert _is_name(["High,", "the"], text)
    assert not _is_name(["The", "board"], text)
