"""Who wants what with the cues real news uses beside verbs of want: nouns, "is to", decisions, reported "should".

Every sentence here is written for this test, in the style of the real defects.
"""

import pytest

from newsbrief.pipeline.enrichment import aim_lookalikes, aims, entities
from newsbrief.pipeline.types import Polarity

W, R = Polarity.WANTS, Polarity.REJECTS


def said(text: str) -> list[tuple[str, Polarity, str]]:
    return [(s.actor, s.polarity, s.aim) for s in aims.extract(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the owner of a noun of want is the actor
        ("Talks stalled over Marrowby's demands to scrap the border fees.",
         ("Marrowby", W, "to scrap the border fees")),
        ("The Selden Union's plan to strike in March worried the ferry operators.",
         ("Selden Union", W, "to strike in March")),
        # what one wants, said as what it is
        ('"What we want is a fair deal for the crews," said Ida Brenner.', ("Ida Brenner", W, "a fair deal for the crews")),
        ("What Kestrel Ferries opposes is the new toll.", ("Kestrel Ferries", R, "the new toll")),
        # what one campaigns or fights against is refused
        ("Tomas Brandt campaigned against the new bridge.", ("Tomas Brandt", R, "the new bridge")),
        # a decision not to act refuses the act
        ("After a long meeting, the Selden Union decided not to strike in March.",
         ("Selden Union", R, "striking in March")),
        # what we need not do, or do not think we need to do, is refused
        ('"We don\'t need to rush the vote," Ida Brenner said.', ("Ida Brenner", R, "rushing the vote")),
        ('"I do not think we need to cut fares unless trade falls," said Tomas Brandt.',
         ("Tomas Brandt", R, "cutting fares unless trade falls")),
        # a plan one has none of is refused
        ("Kestrel Ferries has no plans to sell the depot.", ("Kestrel Ferries", R, "selling the depot")),
        ("Tomas Brandt said he had no intention of resigning.", ("Tomas Brandt", R, "resigning")),
        # the effort is made by who makes the deal it serves
        ("Harwick Motors signed a deal to buy two ferries from Ostmark in an effort to win the island routes.",
         ("Harwick Motors", W, "to win the island routes")),
        # "advocate of", "opponent of"
        ("Councillor Brigid Maloney has long been an advocate of free school meals.",
         ("Brigid Maloney", W, "free school meals")),
        ("Councillor Brigid Maloney is a fierce opponent of the incinerator.",
         ("Brigid Maloney", R, "the incinerator")),
        # decided intentions: "is to", "is set to", "agreed to", "threatened to", "is looking to"
        ("Harwick Motors is to close its plant in Dunmere next spring.",
         ("Harwick Motors", W, "to close its plant in Dunmere next spring")),
        ("Castellan Bank is set to raise 2 billion crowns from a share sale.",
         ("Castellan Bank", W, "to raise 2 billion crowns from a share sale")),
        ("Ostmark has agreed to pay a higher price for the gas.",
         ("Ostmark", W, "to pay a higher price for the gas")),
        ("Brandt Logistics threatened to move its depot abroad.",
         ("Brandt Logistics", W, "to move its depot abroad")),
        ("Pellam Foods is looking to expand into frozen meals.",
         ("Pellam Foods", W, "to expand into frozen meals")),
        # a reported "should" is the speaker's want, and its subject only the aim's
        ("The mayor should publish the contract in full, Councillor Ida Brenner said.",
         ("Ida Brenner", W, "the mayor to publish the contract in full")),
        ("Ida Brenner argued that the depot should be moved to the ring road.",
         ("Ida Brenner", W, "the depot to be moved to the ring road")),
        ("The Selden Union should seek a better offer, Ida Brenner said.",
         ("Ida Brenner", W, "the Selden Union to seek a better offer")),
        # "appealed to X to …" asks; "would not rule out" is open to it
        ("Ida Brenner appealed to residents to stay indoors.",
         ("Ida Brenner", W, "residents to stay indoors")),
        ("Tomas Brandt would not rule out selling the depot.",
         ("Tomas Brandt", W, "selling the depot")),
        # "asked X for Y" wants Y; "asked X on Friday to …" wants X to …, however the parser attaches it
        ("Mayor Ida Brenner will ask the national government for 40 million crowns.",
         ("Ida Brenner", W, "40 million crowns")),
    ],
)
def test_the_cue_gives_the_holder_and_the_aim(text, expected):
    assert expected in said(text)


@pytest.mark.parametrize(
    "text",
    [
        # an open condition decides nothing
        "Prices could fall if Harwick Motors agrees to cut its output.",
        "Nobody knows whether Ostmark will agree to pay more.",
        # a passive's subject is not the one who acts
        "Councillor Ida Brenner said the depot would be moved next year.",
        # "insisted" that something happened is a claim, not a demand
        "Marrowby insisted that its guards had followed the rules.",
        # "should" without anyone named reporting it is no one's want
        "The mayor should publish the contract in full.",
        "The Selden Union should seek a better offer.",
        # a question, a condition, a denial or hearsay states no one's aim
        "Who is Marrowby trying to fool?",
        "Asked if he would welcome the ferry workers, Tomas Brandt smiled.",
        "Ostmark will raise its fees if it wants to keep the port open.",
        '"It would be easier if we did not have to fight for every berth," said Tomas Brandt.',
        # an act spoken of in general is no one's
        "Ida Brenner said backing the ferry union was not a wasted vote.",
        "Tomas Brandt denied that he planned to sell the depot.",
        "Tomas Brandt denied a report that he planned to sell the depot.",
        "Harwick Motors has not decided whether to close the plant.",
        # "it is hard to", "it is a good idea to": "is to" with nobody's plan
        "Harwick Motors said it was hard to see how the plant could be saved.",
        "Ida Brenner said it was a good idea to ask the ferry crews first.",
        # what attracts, what is undergone, what is enough, what is said in thanks
        "Harwick Motors and the Selden Union appeal to the same voters.",
        "Tomas Brandt was called into action in the last minute.",
        "The rise was enough to push the Castellan Bank rate down to 4 per cent.",
        '"I would like to thank the fans," Tomas Brandt said.',
        "Ida Brenner offered her congratulations to the new mayor.",
        # a thing that "supports" a claim is no one's voice
        "The evidence does not support the claims of the Selden Union, Ida Brenner said.",
        # a name, a judgement, a range on sale, an answer not given: no aim
        'Tomas Brandt was called "the best skipper on the coast" by Ida Brenner.',
        "Harwick Motors offers almost all of its vans with an electric motor.",
        "Ida Brenner did not offer a response when asked about the depot.",
        # someone asked or pushed, for nothing the sentence says
        "Councillor Ida Brenner asked them about the cost of the ferry.",
        "An angry Tomas Brandt pushed referee Ada Kovacs after the final whistle.",
        '"He is asking for it," said Tomas Brandt.',
        # a condition shared by coordination, a forecast, a verdict, exposure
        '"If Tomas Brandt stays and wants to coach us for a bit longer, we can win," Ida Brenner said.',
        "At the bottom of the table, the Harwick Rovers would probably not make the play-offs.",
        "The Selden Union said that otherwise it would consider the walkout illegal.",
        "Tomas Brandt has left himself open to a charge of misconduct.",
        # an unnamed other is not the one who reports it
        "Harwick Motors said a partner was set to pull out of the deal.",
        # a verdict put as "should be seen", efforts that are the speaker's, a business that is no chamber
        'The ruling should be seen as a turning point for the port, Ida Brenner said.',
        '"Despite our efforts to find a fair deal, Tomas Brandt went to the press," the statement said.',
        "The Harwick Chamber of Commerce met on Monday. The company plans to buy back a million shares.",
        # "not only … but" negates nothing
        "The Selden Union would not only cover the drivers' shifts, but the cleaners' shifts as well.",
    ],
)
def test_no_statement_where_no_one_decided_or_demanded(text):
    assert said(text) == []


def test_a_request_keeps_its_infinitive_past_a_day_named_between():
    text = "The Selden Union formally asked the Harbour Board on Friday to halve the mooring fees for small boats."
    [(actor, polarity, aim)] = said(text)
    assert actor == "Selden Union" and polarity is W
    assert aim.startswith("the Harbour Board") and aim.endswith("to halve the mooring fees for small boats")


def test_which_after_a_person_of_an_organisation_is_the_organisation():
    text = "Ada Kovacs of the Fairshare Network, which aims to double turnout among renters, spoke first."
    assert ("Fairshare Network", W, "to double turnout among renters") in said(text)


def test_what_one_side_wants_of_another_is_not_the_other_sides_refusal():
    text = (
        "Marrowby's aims remain firm, including guarantees that Ostmark will not join the customs pact "
        "and seeking a say over its ports."
    )
    assert all(actor != "Ostmark" for actor, _, _ in said(text))


def test_we_in_a_reported_must_is_the_speaker_and_the_aim_starts_at_the_verb():
    text = '"We must tackle the state of the harbour wall," Councillor Ida Brenner wrote in the Gazette.'
    assert said(text) == [("Ida Brenner", W, "to tackle the state of the harbour wall")]


def test_an_offer_of_money_for_a_purpose_is_still_an_offer():
    text = "Harwick Motors is offering about 2 million crowns to end the contract early."
    assert [(actor, polarity) for actor, polarity, _ in said(text)] == [("Harwick Motors", W)]


def test_a_passive_infinitive_reads_after_wants_and_rejects():
    assert said("The Selden Union does not want to be defined by the strike.") == [
        ("Selden Union", R, "being defined by the strike")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # "no longer wants" refuses; a vow whose clause refuses is that refusal
        ("Harwick Motors no longer wants to own the ferry line.",
         ("Harwick Motors", R, "owning the ferry line")),
        ("Ostmark had insisted it would not bow to demands to reopen the border.",
         ("Ostmark", R, "bowing to demands to reopen the border")),
        # the owner of a campaign, a motion or an ambition: who launches or moves it, or its possessor
        ("Ida Brenner launched a campaign to save the Dunmere ferry.",
         ("Ida Brenner", W, "to save the Dunmere ferry")),
        ("Senator Tomas Brandt moved a motion for the suspension of the sitting.",
         ("Tomas Brandt", W, "the suspension of the sitting")),
        ("Ostmark has not given up its ambition of joining the customs union.",
         ("Ostmark", W, "joining the customs union")),
        # "is working to", "is balking at", "sought refuge at"
        ("The Selden Union is working to secure a better deal for its members.",
         ("Selden Union", W, "to secure a better deal for its members")),
        ("Marrowby is balking at committing to a fixed price for the gas.",
         ("Marrowby", R, "committing to a fixed price for the gas")),
        ("Tomas Brandt sought refuge at the embassy to avoid arrest.",
         ("Tomas Brandt", W, "refuge at the embassy")),
        # a purpose clause belongs to a reported intention
        ("Ida Brenner said she would return next year to run the festival.",
         ("Ida Brenner", W, "to return next year to run the festival")),
        # "we need to" is the speaker's want, also where the quotation goes on from an earlier sentence
        ('Ida Brenner said: "There is a strong case for an inquiry. "So we do need to understand what happened."',
         ("Ida Brenner", W, "to understand what happened")),
    ],
)
def test_more_cues_of_real_news(text, expected):
    assert expected in said(text)


@pytest.mark.parametrize(
    "text",
    [
        # "we have to" admits or complains
        '"I have to admit, the band has got really good," Ida Brenner said.',
        # what we did not need to do in the end happened or did not; no one refuses it now
        '"In the end we did not need to change the timetable," said Tomas Brandt.',
        # saying something clearly wants nothing; "where" is no aim; readiness is no want
        '"I want to make it clear that the ferry will sail," said Tomas Brandt.',
        '"I am at a stage where I want to play," said Tomas Brandt.',
        "Half the harbour boards are ill-prepared for the new safety code, say the inspectors of Ostmark.",
        # those willing are the players, not the one who speaks of them
        "Ida Brenner said Tomas Brandt was one of several players willing to take their chances.",
        # a call that calls someone; a target; a quotation that was closed before this sentence
        "Tomas Brandt called the police after the break-in.",
        "While aimed at younger readers, the Harwick Gazette also launched a podcast.",
        'Ida Brenner said the plan was "a good start". Any new plan must support the ferry crews.',
        # "works … to" only where the infinitive follows the verb
        "Harwick Motors assigned its clerks to work night shifts to cover the gaps.",
    ],
)
def test_no_statement_from_these_lookalikes(text):
    assert said(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # a state insisted on is a claim; a charge rejected is denied
        "Tomas Brandt insists the fine is unjustified and unfair.",
        "Harwick Motors insists it is still considering whether to close the plant.",
        "Harwick Motors insists its family culture still remains.",
        # a market's demand is no one's want
        "Kestrel Ferries bought two ships last year to meet Ostmark's growing demand for crossings.",
        '"We have a good record on safety," Tomas Brandt insisted.',
        "Harwick Motors rejected the charge as patently false.",
        # chosen or expected by others; a guess at a want
        "Ida Brenner was chosen to fight the seat after the last candidate quit.",
        "Tomas Brandt may be seeking a new job, Ida Brenner said.",
        # sure or confident that another will or will not: a guess, not the other's aim
        "Tomas Brandt said he was sure the council would not put jobs at risk.",
        '"We are sure that the ferry companies would not put up with theft on such a scale," the Selden Union said.',
        "Ida Brenner was confident that Harwick Motors would not close the plant.",
        # a forecast with "will", reported or not
        '"We will see the ferry trade shake out a bit," Tomas Brandt said.',
        'Ida Brenner said: "The Ostmark treaty will contain measures to win votes."',
        # what one will not say, or is keen to mention, is no aim
        '"We cannot say we do not want to change the timetable," Tomas Brandt told the council.',
        "Ida Brenner was keen to mention the work of the harbour crews.",
        # a change "should" expects is no demand
        "The storm should ease by Thursday morning, allowing crews to restore power, said Ida Brenner.",
        # a date in the diary is a schedule, not an intention
        "Ida Brenner said she will present the harbour budget to the council on 16 March.",
        "Ida Brenner said it would become obvious if anyone flouted the ban.",
        # the speaker's own words, advice to "you", and whose turn it is
        '"I should tell you that the board has decided," Ida Brenner said.',
        "Harwick Motors says you should expect to pay more for spare parts.",
        "Ida Brenner said it was up to the council to decide whether to take part.",
        # what might have been, what should have been, what we must not forget
        "Ostmark said it would not have signed the deal without the guarantee.",
        '"He should have gone to the video referee," said Tomas Brandt.',
        '"Whatever the crews have done, we must not forget what they gave us," Ida Brenner said.',
        # "a lot" or "one" says nothing a reader can follow
        "Harwick Motors has promised a lot.",
        '"I want one," said Tomas Brandt.',
        # thanks and sayings, a forecast of need, a verdict on what happened
        '"I want to thank both sides for staying at the table," Tomas Brandt said.',
        '"I\'ll say the same again in the spring," Ida Brenner said.',
        '"We won\'t need the ferry by then," Ida Brenner said.',
        '"That should tell the minister how serious we are," Ida Brenner said.',
    ],
)
def test_no_statement_from_claims_forecasts_and_questions(text):
    assert said(text) == []


def test_moved_to_decides_only_with_its_infinitive_right_after():
    assert ("Ida Brenner", W, "to scotch claims of a takeover") in said("Ida Brenner has moved to scotch claims of a takeover.")
    assert said("The Selden Union's single has moved up to number seven.") == []


def test_an_adverb_or_a_progressive_before_the_verb_still_reads_after_wants():
    assert said("Harwick Motors plans to be selling the vans by May.") == [
        ("Harwick Motors", W, "to be selling the vans by May")
    ]
    assert said("Harwick Motors intends to eventually build a second plant.") == [
        ("Harwick Motors", W, "to eventually build a second plant")
    ]


def test_a_question_put_is_no_decision_taken():
    said_of = {actor for actor, _, _ in said("Tomas Brandt declined to say when Harwick Motors might decide to close the plant.")}
    assert said_of == {"Tomas Brandt"}  # he refuses to say; Harwick Motors has decided nothing


def test_a_reported_progressive_intention_reads_after_wants():
    assert said("Ida Brenner said she would be opening a second ferry route.") == [
        ("Ida Brenner", W, "to open a second ferry route")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a noun of want handed over with "to" on the verb, and a goal stated for the speaker
        ("Kelvara's government has given its backing to cheaper ferry travel.",
         ("Kelvara", W, "cheaper ferry travel")),
        ("The goal is to reach every household by May, Ida Brenner said.",
         ("Ida Brenner", W, "to reach every household by May")),
        # a "should" in a quotation that goes on from its attribution is the speaker's demand, its pronoun an object
        ('"The council should act now," Ida Brenner said. "It should publish the contract."',
         ("Ida Brenner", W, "it to publish the contract")),
        ('"We are not asking for much," Ida Brenner said. "He should meet the crews."',
         ("Ida Brenner", W, "him to meet the crews")),
        # "'ll" is a modal of intent too
        ('"We\'ll never sign it," Ida Brenner said of the deal.',
         ("Ida Brenner", R, "signing it")),
    ],
)
def test_owned_goals_quoted_demands_and_contracted_refusals(text, expected):
    assert expected in said(text)


@pytest.mark.parametrize(
    "text",
    [
        # a plan given up, a guess, what might have been, a delay
        "Harwick Motors shelved its plans for a share listing after investors grew wary.",
        "Ida Brenner said the new depot could later support a second ferry line.",
        "Tomas Brandt later said he would have objected to the sale of the depot.",
        "Tomas Brandt suggested pushing back the date of the vote to 2028.",
        # the noun outside the clause is what is wanted; the clause alone says nothing
        "One thing Tomas Brandt would push off the council's plate is the depot.",
        # a range on sale, a question demanded, something said
        "Harwick Motors offers a free version of its app that allows you to book up to 50 crossings.",
        "Ida Brenner repeatedly demanded how Tomas Brandt could be so sure of the figures.",
        '"I would like to emphasise that the crews did nothing wrong," Ida Brenner said.',
    ],
)
def test_no_statement_from_given_up_guessed_or_said_aims(text):
    assert said(text) == []


def test_what_one_hopes_another_will_try_is_the_hopers_aim_alone():
    said_of = said('"We had hoped that the Selden Union would try to make an effort to settle," Ida Brenner said.')
    assert [actor for actor, _, _ in said_of] == ["Ida Brenner"]


def test_a_dateline_is_no_subject_and_a_role_belongs_to_the_object():
    assert said("DUNMERE, Kelvara – The Harwick Rovers will look to win the cup in 2027.") == []
    assert ("Selden Union", R, "the ferry company as a mediator") in said(
        "The Selden Union has rejected the ferry company as a mediator."
    )


@pytest.mark.parametrize(
    "text",
    [
        # forecasts and others' expectations
        "The jobless rate in Marrowby is improving, too: It is set to slip below 13% by the end of the year.",
        "The ferry market is set to be worth 90 million crowns by 2029, according to Harbour Analytics.",
        "Ida Brenner is set to be named harbour master next week.",
        "Investors are betting that the Selden Central Bank will not do anything to weaken the crown.",
        "Many critics feel that Kestrel Ferries will not cut fares, Ida Brenner said.",
        "This runs contrary to the popular view that Marrowby Council is getting ready to raise the toll.",
        "There is a nagging feeling that Ida Brenner doesn't want the strike to end.",
        # a condition, a comparison, what came to pass
        "Kestrel Ferries could yet turn to Selden Marine should Tomas Brandt be reluctant to sell the depot.",
        'Kestrel Ferries sells tickets online. "It\'s now as easy to download a timetable as it is to book a ticket," '
        "said Tomas Brandt.",
        "Ida Brenner founded Kestrel Ferries in 1990. It was to become the biggest ferry firm on the coast.",
        # pleased, not wanting; a participle that describes; some of many, unnamed
        '"I am very happy to see you all respond positively to the call," said Ida Brenner.',
        "Tomas Brandt stepped down from his favoured 400m to 200m to finish third in 21.72 secs.",
        '"Most skippers, in my experience, don\'t want that level of detail," Ida Brenner said.',
        # a total set to exceed a figure, a side that should win, a plan that works to plan, "no-one"
        "The annual total of ferry crossings is set to exceed 25,000, according to Harbour Analytics.",
        '"Harwick Rovers should win but they don\'t have a hope," said Ida Brenner of the Selden Gazette.',
        '"Work is going on across the ferry business to make sure the new timetable works to plan," said Ida Brenner.',
        "No-one wants to take the risk of a winter crossing, said Tomas Brandt, chairman of Kestrel Ferries.",
        # "is" and "to" with a phrase between are no "is to": on at someone, or under orders
        "Coach Ida Brenner has been on her players to avoid looking at the standings.",
        "Harbour master Tomas Brandt is under court orders to act speedily.",
        # pressed by others; a call of time; "as opposed to"
        "Pressed on the timing of the strike, Rosa Okafor said the talks went well.",
        "Kestrel Ferries captain Tomas Brandt has called time on his career at sea.",
        "Kestrel Ferries said it expected margins of 4% as opposed to 5% last year.",
        # the place one goes to is not who goes
        "The camp lies near Jordan. It first appeared in 2014, when Syrians fleeing the war gathered at the "
        "checkpoint there, trying to cross over to Jordan.",
    ],
)
def test_no_statement_from_forecasts_conditions_comparisons_or_the_unnamed(text):
    assert said(text) == []


def test_it_will_take_until_a_date_is_no_ones_intention():
    doc = entities.load_model(entities.DEFAULT_MODEL)("It will take until the autumn before visitors return.")
    assert aim_lookalikes.impersonal(next(t for t in doc if t.lemma_ == "take"))


def test_what_allegations_say_a_body_does_is_no_statement_of_its_own():
    text = ("Kestrel Records was founded in 1991. But the label has always been dogged by allegations it supports gang "
            "culture and fuels the rap rivalry.")
    assert said(text) == []


def test_what_a_speaker_says_another_must_try_is_the_speakers_demand():
    text = '"The government must work hard to cut the toll before the vote," Tomas Brandt, the Selden Party leader, added.'
    assert said(text) == [("Tomas Brandt", W, "the government to work hard to cut the toll before the vote")]


def test_a_possessive_between_two_who_could_own_it_owns_nothing():
    assert said("Tomas Brandt attacked Ida Brenner over her plan to close the depot.") == []
    assert said("Kestrel Ferries has told its staff of its plan to close the depot.") == [
        ("Kestrel Ferries", W, "to close the depot")
    ]
