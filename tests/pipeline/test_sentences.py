"""The sentence splitter on a table of hard cases from news text, and its offsets."""

import pytest

from newsbrief.pipeline.briefs.sentences import paragraphs, split_text

# (why it is hard, text, the sentences expected). All sentences written for this project.
CASES = [
    # abbreviations
    ("title before a name", "Mr. Alvarez arrived late. He left early.", ["Mr. Alvarez arrived late.", "He left early."]),
    ("military rank", "Gen. Okafor inspected the troops. The parade followed.", ["Gen. Okafor inspected the troops.", "The parade followed."]),
    ("governor in the middle", "The bill went to Gov. Brenda Hale on Friday. She signed it.", ["The bill went to Gov. Brenda Hale on Friday.", "She signed it."]),
    ("two titles", "Dr. Mrs. Patel spoke first. Others waited.", ["Dr. Mrs. Patel spoke first.", "Others waited."]),
    ("U.S. mid-sentence", "U.S. officials met on Tuesday. Talks resumed.", ["U.S. officials met on Tuesday.", "Talks resumed."]),
    ("U.S. before a capitalised noun", "The U.S. Senate voted 51-49. It was close.", ["The U.S. Senate voted 51-49.", "It was close."]),
    ("U.S. ends a sentence", "The company moved to the U.S. The move cost $2 million.", ["The company moved to the U.S.", "The move cost $2 million."]),
    ("a.m. before a weekday", "The polls open at 7 a.m. Tuesday in most towns. Lines were long.", ["The polls open at 7 a.m. Tuesday in most towns.", "Lines were long."]),
    ("a.m. before a time zone", "The launch is set for 9:30 a.m. ET on the coast. Crowds gathered.", ["The launch is set for 9:30 a.m. ET on the coast.", "Crowds gathered."]),
    ("p.m. ends a sentence", "The meeting ended at 6 p.m. Nobody spoke to reporters.", ["The meeting ended at 6 p.m.", "Nobody spoke to reporters."]),
    ("a.m. before lowercase", "It opened at 10 a.m. and closed at noon.", ["It opened at 10 a.m. and closed at noon."]),
    ("Inc. mid-sentence", "Brightwater Inc. said profits rose. Shares jumped.", ["Brightwater Inc. said profits rose.", "Shares jumped."]),
    ("Inc. ends a sentence", "The deal was signed by Brightwater Inc. The price was not disclosed.", ["The deal was signed by Brightwater Inc.", "The price was not disclosed."]),
    ("No. before a number", "The team is ranked No. 3 in the league. Fans cheered.", ["The team is ranked No. 3 in the league.", "Fans cheered."]),
    ("month abbreviation", "The vote is on Jan. 15 in the capital. Both sides campaign.", ["The vote is on Jan. 15 in the capital.", "Both sides campaign."]),
    ("middle initial", "Senator Carla J. Moreno filed the bill. It passed.", ["Senator Carla J. Moreno filed the bill.", "It passed."]),
    ("two initials", "The novel by J. R. Tolliver sold well. Critics disagreed.", ["The novel by J. R. Tolliver sold well.", "Critics disagreed."]),
    ("e.g. before lowercase", "Some fruit, e.g. apples, was spoiled. Prices rose.", ["Some fruit, e.g. apples, was spoiled.", "Prices rose."]),
    ("etc. before lowercase", "They sold chairs, tables, etc. at the fair. It rained.", ["They sold chairs, tables, etc. at the fair.", "It rained."]),
    ("St. before a place", "She grew up in St. Albans. Her father was a baker.", ["She grew up in St. Albans.", "Her father was a baker."]),
    ("Jr. ends a sentence", "The award went to Marcus Webb Jr. He thanked his mother.", ["The award went to Marcus Webb Jr.", "He thanked his mother."]),
    ("Ph.D. mid-sentence", "She holds a Ph.D. in chemistry. She teaches.", ["She holds a Ph.D. in chemistry.", "She teaches."]),
    ("state abbreviation", "The plant in Springfield, Ill. employs 400 people. It opened in 1990.", ["The plant in Springfield, Ill. employs 400 people.", "It opened in 1990."]),
    ("vs. in a fixture", "The final is Rovers vs. United on Sunday. Tickets sold out.", ["The final is Rovers vs. United on Sunday.", "Tickets sold out."]),
    # numbers
    ("decimal", "Growth was 2.5% in March. It was 1.9% in April.", ["Growth was 2.5% in March.", "It was 1.9% in April."]),
    ("money with decimals", "The shares fell to $3.75. Traders blamed the weather.", ["The shares fell to $3.75.", "Traders blamed the weather."]),
    ("sentence ends in a number", "The final score was 3-1. Fans poured onto the pitch.", ["The final score was 3-1.", "Fans poured onto the pitch."]),
    ("version number", "The app moved to version 4.2.1 last week. Users complained.", ["The app moved to version 4.2.1 last week.", "Users complained."]),
    # quotes
    ("quote ends a sentence", 'She said, "We are ready." Then she left.', ['She said, "We are ready."', "Then she left."]),
    ("quote before attribution", '"We will win," the coach said. The team trained.', ['"We will win," the coach said.', "The team trained."]),
    ("exclamation inside a quote", '"Get out!" he shouted. Everyone ran.', ['"Get out!" he shouted.', "Everyone ran."]),
    ("question inside a quote", '"Where is the money?" she asked. No one answered.', ['"Where is the money?" she asked.', "No one answered."]),
    ("quote with two sentences", '"We tried. We failed," the mayor said. The council agreed.', ['"We tried. We failed," the mayor said.', "The council agreed."]),
    ("quote within a quote", "He said, \"She told me 'Leave now.' So I did.\" Then he paused.", ["He said, \"She told me 'Leave now.' So I did.\"", "Then he paused."]),
    ("curly quotes", "“It is over,” she said. “We go home.” The crowd left.", ["“It is over,” she said.", "“We go home.”", "The crowd left."]),
    ("curly quote within quote", "“He kept saying ‘not yet.’ We waited,” she said. Then it rained.", ["“He kept saying ‘not yet.’ We waited,” she said.", "Then it rained."]),
    ("single-quoted headline style", "Officials called it 'a disaster.' The report was delayed.", ["Officials called it 'a disaster.'", "The report was delayed."]),
    ("exclamation then capitalised name", '"Stop!" Officer Reyes said. The car stopped.', ['"Stop!" Officer Reyes said.', "The car stopped."]),
    # datelines
    ("wire dateline", "WASHINGTON (Reuters) — The Senate passed the bill. It now goes to the House.", ["The Senate passed the bill.", "It now goes to the House."]),
    ("dateline with a dash", "LONDON — Rail workers walked out on Monday. Trains stopped.", ["Rail workers walked out on Monday.", "Trains stopped."]),
    ("dateline with a date", "NEW YORK, March 3 (AP) - Stocks fell sharply. Oil rose.", ["Stocks fell sharply.", "Oil rose."]),
    ("dateline with city and country", "NAIROBI, Kenya (CNN) -- Students fled the dormitory. Ten were hurt.", ["Students fled the dormitory.", "Ten were hurt."]),
    ("agency only", "(CNN) Floods hit the valley. Roads closed.", ["Floods hit the valley.", "Roads closed."]),
    ("agency desk, no space", "Port Aldwyn (CNN Business)Ferry fares rose. Queues formed.", ["Ferry fares rose.", "Queues formed."]),
    ("no dateline: capitalised name", "NASA launched the probe on Friday. It will reach Mars in May.", ["NASA launched the probe on Friday.", "It will reach Mars in May."]),
    # lists and layout
    ("bullet list", "The plan has three parts:\n- new buses\n- cheaper fares\n- longer hours", ["The plan has three parts:", "new buses", "cheaper fares", "longer hours"]),
    ("bullets with sentences", "Key facts:\n• The dam is 40 years old. It leaks.\n• Repairs start in May.", ["Key facts:", "The dam is 40 years old.", "It leaks.", "Repairs start in May."]),
    ("numbered list", "Steps:\n1. Close the valve.\n2. Call the engineer.", ["Steps:", "Close the valve.", "Call the engineer."]),
    ("hard-wrapped lines", "The storm moved north\novernight and weakened. Power returned.", ["The storm moved north overnight and weakened.", "Power returned."]),
    ("ellipsis before lowercase", "He waited... and waited. Nothing came.", ["He waited... and waited.", "Nothing came."]),
    ("ellipsis before a capital", "It was over... The crowd went home.", ["It was over...", "The crowd went home."]),
    ("parenthesis after a period", "The firm lost money. (It had warned in May.) Shares fell.", ["The firm lost money.", "(It had warned in May.)", "Shares fell."]),
    ("web address", "Details are at example.org. Call the office for more.", ["Details are at example.org.", "Call the office for more."]),
    # lowercased, PTB-tokenized text
    ("ptb: plain boundary", "the council met on monday . it approved the budget .", ["the council met on monday .", "it approved the budget ."]),
    ("ptb: contraction", "she does n't agree . he 's not sure .", ["she does n't agree .", "he 's not sure ."]),
    ("ptb: quote closes the sentence", "the film is called `` river road . '' it opens friday .", ["the film is called `` river road . ''", "it opens friday ."]),
    ("ptb: title split by the tokenizer", "the bill went to gov . ellen marsh on friday . she signed it .", ["the bill went to gov . ellen marsh on friday .", "she signed it ."]),
    ("ptb: initials split by the tokenizer", "the part of d.j . tanner was recast . fans were upset .", ["the part of d.j . tanner was recast .", "fans were upset ."]),
    ("ptb: u.s. kept whole", "u.s. troops left in may . the base closed .", ["u.s. troops left in may .", "the base closed ."]),
    ("ptb: time kept whole", "the show airs at 8 p.m. on sundays . it is popular .", ["the show airs at 8 p.m. on sundays .", "it is popular ."]),
    ("ptb: exclamation before attribution", "`` run ! '' she said . they ran .", ["`` run ! '' she said .", "they ran ."]),
    ("ptb: question ends a sentence", "who pays ? the city does .", ["who pays ?", "the city does ."]),
    ("ptb: number sign", "the team is ranked no . 1 in the state . fans are happy .", ["the team is ranked no . 1 in the state .", "fans are happy ."]),
    ("ptb: agency dateline", "( cnn ) the river burst its banks . homes flooded .", ["the river burst its banks .", "homes flooded ."]),
    ("ptb: place and agency dateline", "lagos , nigeria ( cnn ) fuel prices doubled . queues formed .", ["fuel prices doubled .", "queues formed ."]),
]


def test_the_table_has_at_least_fifty_cases():
    assert len(CASES) >= 50


@pytest.mark.parametrize("why, text, expected", CASES, ids=[c[0] for c in CASES])
def test_hard_case_is_split_as_a_reader_would(why, text, expected):
    assert [s.text for s in split_text(text)] == expected


@pytest.mark.parametrize("why, text, expected", CASES, ids=[c[0] for c in CASES])
def test_offsets_point_at_the_sentence_in_its_paragraph(why, text, expected):
    paras = paragraphs(text)
    for s in split_text(text):
        assert " ".join(paras[s.paragraph][s.start : s.end].split()) == s.text


def test_paragraph_indexes_follow_article_paragraphs():
    text = "First paragraph. Two sentences.\n\n\n\nSecond one here.\n\n   \n\nThird, after a blank."
    sents = split_text(text)
    assert [(s.paragraph, s.text) for s in sents] == [
        (0, "First paragraph."),
        (0, "Two sentences."),
        (1, "Second one here."),
        (2, "Third, after a blank."),
    ]
    paras = paragraphs(text)
    assert paras[2][sents[3].start : sents[3].end] == "Third, after a blank."


def test_dateline_is_only_taken_from_the_first_paragraph():
    text = "Intro line here.\n\nLONDON — not a dateline here. Really."
    assert [s.text for s in split_text(text)][1] == "LONDON — not a dateline here."


def test_empty_and_blank_text_have_no_sentences():
    assert split_text("") == []
    assert split_text("  \n\n \n") == []


def test_text_without_a_final_period_is_one_sentence():
    assert [s.text for s in split_text("Breaking news from the harbour")] == ["Breaking news from the harbour"]
