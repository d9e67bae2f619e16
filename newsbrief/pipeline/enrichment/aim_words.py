"""The words of who wants what: the cues of want and refusal, and the words around them that shape a statement."""

WANT_VERBS = frozenset(
    """want seek aim plan intend hope wish demand insist push press call urge propose offer back
    support favour favor prefer promise pledge vow welcome ask appeal advocate endorse request
    campaign lobby fight battle""".split()
)
REJECT_VERBS = frozenset("reject refuse oppose resist veto decline dismiss object condemn denounce slam balk baulk".split())
# What "would like to …" does by saying it: "I would like to thank the fans" wants nothing.
SPEECH_ACTS = frozenset("thank congratulate apologise apologize welcome pay say add express extend wish".split())
# What "I'll …" or "we will …" does by saying it: "I'll say the same again", "we will thank them".
SAYINGS = frozenset("say thank congratulate apologise apologize".split())
# What one offers that asks for nothing: "offered his thoughts on the deal", "offered condolences".
SPOKEN_OFFERS = frozenset(
    "thought view comment detail explanation condolence apology insight opinion assessment "
    "congratulation thanks sympathy tribute praise greeting best wish response reply answer".split()
)
# Verbs that deny what their clause says: "denied that he planned to …" is no plan.
DENIAL_VERBS = frozenset("deny dismiss reject refute rebut".split())
# Nouns of what is said, not known (by lemma): "a report that he planned to …" may be untrue.
HEARSAY_NOUNS = frozenset(
    "report claim rumour rumor speculation suggestion allegation view belief perception impression notion "
    "assumption feeling sense".split()
)
# Verbs of expecting: "investors are betting that the bank will not act" is their guess, not the bank's refusal.
BELIEF_VERBS = frozenset("bet expect believe think feel predict forecast fear reckon suspect assume anticipate".split())
# Adjectives of the same guess: "he was sure Mr Brown's Budget would not put at risk …".
BELIEF_ADJECTIVES = frozenset("sure confident convinced certain".split())
# Verbs of struggle: against their object ("battling extradition"), for what follows "for" ("fights for a ballot").
STRUGGLE_VERBS = frozenset("fight battle".split())
WANT_ADJECTIVES = frozenset("ready prepared willing determined keen eager committed open inclined happy".split())
REJECT_ADJECTIVES = frozenset("unwilling reluctant opposed".split())
# Nouns whose possessor states an aim with "is": "its priorities are housing and transport".
AIM_NOUNS = frozenset("priority aim goal objective demand wish condition mission".split())
# Nouns of a plan whose agent is named with "by": "plans by Meridian Terminals to automate".
PLAN_NOUNS = frozenset("plan plans proposal call bid offer demand".split())
SAY_VERBS = frozenset(
    "say tell announce state add confirm write explain argue claim warn declare reply note stress emphasise "
    "emphasize imply signal indicate acknowledge".split()
)
# Prepositions that carry the aim of some cues: "calls for", "presses for", "insists on".
AIM_PREPOSITIONS = frozenset("for on to against".split())
# Cues whose aim "at" carries: "balking at committing to a figure" ("aimed at a casual audience" targets it).
AT_CUES = frozenset("balk baulk".split())
# Prepositions that finish a wanted object when they follow it: "sought refuge at the mission", "rejected
# the administration as a mediator".
OBJECT_PREPOSITIONS = frozenset("at in with from over between among within across as".split())
# Verbs that give up a plan they take as object: "shelved its plans for a listing" wants it no more.
ABANDON_VERBS = frozenset("shelve abandon drop scrap suspend cancel ditch withdraw halt postpone".split())
# Verbs that ask someone to act: their "to …" after the one asked is the request, however it is parsed.
ASKING_VERBS = frozenset("ask urge press call appeal lobby".split())
# What one calls by calling it: "called a strike", "called a snap election"; "called the police" wants nothing.
CALLED_THINGS = frozenset("strike election vote referendum halt ceasefire truce inquiry meeting summit boycott".split())
# Verbs whose aim is only in such a preposition or an object: "called" alone is not a cue.
NEEDS_COMPLEMENT = frozenset("call push press appeal campaign lobby fight ask object".split())
MODALS = frozenset("will would can could shall wo ca 'll ’ll".split())
# Modals of intent: "will not sign" is a refusal; "cannot ask" is not one.
INTENT_MODALS = frozenset("will would shall wo 'll ’ll".split())
# Subordinate clauses that belong to an aim: "ready to approve a trial if Skylark accepts".
CONDITIONS = frozenset("if unless until once while provided as".split())
NEGATIONS = frozenset("not n't never".split())
TEMPORAL = frozenset("DATE TIME".split())
QUOTES = frozenset(['"', "'", "“", "”", "‘", "’", "`", "``", "''"])  # a possessive "'" is no quote mark (tag POS)
COMPLEMENTS = frozenset("dobj dative xcomp ccomp attr oprd acomp".split())
ORG_PRONOUNS = frozenset("it its they them".split())
PERSON_PRONOUNS = frozenset("he she him her".split())
SPEAKER_PRONOUNS = frozenset("we i us".split())
# Subjects the parser reads as nouns that name no one: "no one wants …", "none of them wants …", and
# the "No" of "No-one wants …", which the parser splits into three subjects.
INDEFINITES = frozenset("one none no".split())
# Words that open a question, which "ask" can put without wanting anything.
QUESTION_WORDS = frozenset("whether why how what when where who which if".split())
PLACE_NOUNS = frozenset("country nation island state".split())
# Bodies that speak for their owner: "Greenvale's board", "the government of Kelvara".
OWNED_BODIES = frozenset(
    "board government ministry council cabinet administration management leadership parliament army "
    "military office committee delegation negotiators team staff officials".split()
)

# People who speak for a body, which is the actor: "a spokesman for UKIP", "an Operation Black Vote spokesman".
SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson spokespeople".split())

# Nouns of want whose owner is the actor: "Beijing's demands to roll back …", "an EU demand for …".
OWNED_WANT_NOUNS = frozenset(
    "demand plan proposal call bid offer intention effort attempt pledge promise push backing support "
    "ambition determination campaign motion initiative drive deal".split()
)
# Words that make "demand" a market's and not a want: "the country's growing demand for cars", "oil demand",
# "China's demand for steel rose".
MARKET_WORDS = frozenset(
    "growing grow rising rise strong weak falling fall soaring soar booming slowing slow sluggish robust domestic "
    "global consumer world high low increase increasing surging surge underlying export import oil energy decline "
    "drop climb slump ease weaken".split()
)
# Changes that "should" or "is set to" expects rather than asks for: "the weather should ease by Thursday",
# "the total is set to exceed 25bn", "Sideways should win".
EXPECTED_CHANGES = frozenset(
    "ease improve rise fall drop clear pass continue recover increase decrease grow slow slip climb exceed reach "
    "double win".split()
)
# Verbs that hand over a noun of want whose aim follows them with "to": "has given its backing to cheaper travel".
GIVING_VERBS = frozenset("give lend throw".split())
# Verbs whose subject owns the noun of want it puts forward: "Noem launched a campaign to …",
# "Lawan moved a motion for …", "the firm unveiled plans to …".
OWNING_VERBS = frozenset("launch announce unveil make mount begin start outline present table move lodge file".split())
# "X is an advocate of Y" wants Y; "X is an opponent of Y" rejects it.
ADVOCATE_NOUNS = frozenset("advocate champion supporter proponent backer".split())
OPPONENT_NOUNS = frozenset("opponent critic".split())
# Verbs of a decided intention, cues only with a "to" infinitive: "agreed to pay", "is set to raise".
DECISION_VERBS = frozenset("agree decide try attempt threaten resolve look opt set strive work prepare move".split())
# Verbs of necessity that state the speaker's own want when "we" or "I" say them: "we need to understand …"
# ("we have to" is as often a complaint or an admission: "I have to chase them", "I have to admit").
NEED_VERBS = frozenset(["need"])
# Verbs of commitment whose clause may carry the refusal itself: "insisted it would not bow to demands".
COMMITMENT_VERBS = frozenset("insist vow pledge promise".split())
# Verbs of openness, cues with a modal of possibility: "Moscow may consider a peacekeeping force".
OPENNESS_VERBS = frozenset("consider entertain".split())
# Verbs of judging: "it would consider their resignations voluntary" deems; it intends nothing.
JUDGING_VERBS = frozenset("consider deem regard".split())
# Adverbs that make a modal a forecast: "the Chargers would probably not make the playoffs".
HEDGES = frozenset("probably likely possibly perhaps maybe unlikely".split())
# Aims that are only a pronoun say nothing a reader can follow: "he's asking for it".
PRONOUN_AIMS = frozenset(
    "it them this that these those him her something enough more much anything everything lots one "
    "where when how why which what who".split() + ["a lot"]
)
# What "rejects" denies rather than refuses: "rejected the charge", "rejected these accusations".
DENIED_NOUNS = frozenset(
    "charge charges claim claims allegation allegations accusation accusations suggestion suggestions criticism "
    "report reports theory theories rumour rumours rumor rumors speculation".split()
)
# Verbs whose "when/how/why …" clause is a question, not a statement: "declined to say when Disney might …".
ASKING_ABOUT = SAY_VERBS | frozenset("ask know wonder explain disclose reveal specify decide".split())
# What a "will" or "would" forecasts rather than intends: "we will see the industry shake out",
# "people will not know", "it will get a lot worse"; and states, which no one does: "the Budget will
# contain measures to attract votes".
FORECAST_VERBS = frozenset(
    "see find face suffer experience know feel happen seem appear need contain include cost mean involve require "
    "last total".split()
)
# Verbs a speaker says of his own words or thoughts with "should" or "must": "I should tell you that …",
# "I must admit …", "I should assume …"; they demand nothing.
OWN_WORDS_VERBS = SAY_VERBS | frozenset("tell admit confess assume think guess imagine suppose point forget remember".split())
# Modals of a demand: "Blair should set out an exit strategy, Kennedy said" is Kennedy's want.
DEMAND_MODALS = frozenset("should must".split())
# Verbs that report such a demand: the say verbs and those of opinion.
REPORTING_VERBS = SAY_VERBS | frozenset("believe think argue insist suggest".split())

CUE_LEMMAS = WANT_VERBS | REJECT_VERBS | WANT_ADJECTIVES | REJECT_ADJECTIVES | DECISION_VERBS | OPENNESS_VERBS
# Singular unnamed subjects that can speak for someone, so that reported speech falls back
# to its speaker ("Varga said the government is prepared to …"), as plural ones do ("said
# farmers would not …"); other singular nouns ("the offer") cannot.
SPEAKING_NOUNS = OWNED_BODIES | frozenset(
    "company firm group union party authority council club agency department bank operator owner owners "
    "city town country state family minister station broadcaster network channel newspaper organisation "
    "organization".split()
)
# Verbs whose "it" is nobody: "it would cost millions", "it will mean closures" ("take" only with a duration).
IMPERSONAL_VERBS = frozenset("cost mean seem appear require".split())

