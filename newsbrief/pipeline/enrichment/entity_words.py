"""The words entity normalisation reads names by: titles, the last words of organisations and places, aliases."""

from __future__ import annotations

from newsbrief.pipeline.types import EntityKind

KINDS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORG,
    "NORP": EntityKind.ORG,  # only nouns ("the Greens"); adjectives ("Veradian") are skipped
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}

DEFAULT_ALIASES: dict[str, str] = {
    "U.S.": "United States",
    "US": "United States",
    "USA": "United States",
    "United States of America": "United States",
    "America": "United States",
    "U.K.": "United Kingdom",
    "UK": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "U.N.": "United Nations",
    "UN": "United Nations",
    "E.U.": "European Union",
    "EU": "European Union",
}

# Words that stand before a person's name and are not part of it. A name is cut
# after the last of them ("Health Minister Roland Achebe" → "Roland Achebe").
# Titles that tell a person's sex, which the pronouns for that person follow ("Mrs Maguire … she").
MALE_TITLES = frozenset("mr sir lord king prince father".split())
FEMALE_TITLES = frozenset("mrs ms miss dame lady queen princess sister".split())
TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady president vice prime minister
    secretary chancellor governor gov mayor commissioner senator sen rep representative judge
    justice king queen prince princess pope rev reverend father sister sheikh chairman chairwoman
    chair director chief executive councillor councilor deputy ambassador speaker captain capt
    general gen colonel col lieutenant lt sergeant sgt inspector detective coach manager
    spokesman spokeswoman spokesperson leader founder officer president-elect farmer baker nurse
    teacher doctor sprinter player striker organiser organizer commander cmdr substitute
    midfielder defender goalkeeper winger ombudsman admiral mp msp mep mla superintendent sheriff bishop archbishop
    cardinal rabbi imam""".split()
)
# A name ending in one of these is an organisation whatever the model says ("Greenvale Dairy").
ORG_WORDS = frozenset(
    """ltd inc corp plc group union council authority party association ministry office agency board
    trust bank company foods dairy energy metals logistics networks lines rail airport airways airlines
    federation guild league commission cooperative co-operative society service forum institute
    university college committee court police club network mobile water playhouse theatre theater
    hospital museum school terminals voyages grid motors steel breweries media management systems
    technologies corporation foundation holdings times journal assembly senate parliament executive church
    navy army department command united rovers wanderers athletic hotspur fc afc""".split()
)
ORG_FIRST_WORDS = frozenset("air".split())  # "Air Deccan", "Air Astana": airlines
# Roles written after a name, which belong to whoever follows: "Senate Leader Ahmad Lawan", "South Dakota Gov. Noem".
TRAILING_ROLES = frozenset(
    "leader speaker gov governor chairman chairwoman spokesman spokeswoman spokesperson minister chief boss".split()
)
# Titles written before a surname, never before a first name alone: "Mr Howard" is not Howard Flight
# ("Sir Howard" may be Sir Howard Newby).
SURNAME_TITLES = frozenset("mr mrs ms miss mx dr prof professor lord lady".split())
# Letters after a person's name that say what the person is: "Tomas Kell MSP", "Ada Brenner QC".
POST_NOMINALS = frozenset("mp msp mep mla td qc kc".split())
# Portfolios of ministers and secretaries, which alone name no one: "Finance" of "Finance Minister Tom McCabe",
# "Culture, Media and Sport" of the secretary's title, "Prime" of "the Prime Minister" ("the Treasury" and
# "Labour" do name someone, and are not here).
PORTFOLIOS = frozenset(
    """prime finance foreign home health defence defense culture media sport sports trade education transport justice
    interior energy environment state industry agriculture employment housing welfare immigration economy science
    technology communications digital tourism and &""".split()
)
# Organisation words that name a kind of body, not any organisation: "the union" is no hospital.
ORG_KINDS = frozenset("union party council ministry board bank hospital school university police court".split())
# Nouns of a business, and last words of bodies that are none: "the company" is not the Chamber of Commerce quoted before.
BUSINESS_NOUNS = frozenset("company firm business maker manufacturer retailer lender insurer producer carrier chain".split())
BODY_WORDS = frozenset(
    """chamber union council party ministry committee commission association federation authority police court
    university college school hospital league society guild congress senate parliament assembly government
    cabinet administration""".split()
)
# Nouns that describe an organisation: "Lumenworks, the battery maker".
ORG_NOUNS = frozenset(
    "company firm maker manufacturer group operator developer carrier retailer lender insurer producer "
    "processor body agency union party charity business chain broadcaster publisher".split()
)
# A name ending in one of these is a place whatever the model says ("Kestrel Bridge", "Netmakers Lane");
# ORG_WORDS win where both apply ("Kestrel Bridge Authority").
PLACE_WORDS = frozenset(
    """street road lane row parade quay crossing bridge square park hill ground reservoir harbour wharf
    pier avenue valley estate stadium station camp""".split()
)
PLACE_FIRST_WORDS = frozenset("river lake mount".split())  # "River Tamsin"
EVENT_FIRST_WORDS = frozenset("storm hurricane typhoon cyclone".split())  # "Storm Edda": no person, no actor
# Last words of the names of laws, plans and products, which want nothing: "Mental Capacity Bill", "Stadia Controller".
THING_WORDS = frozenset("bill act treaty directive amendment charter plan controller console edition handset".split())
# Prepositions the model takes into a name that opens a sentence: "Along Kestrel Parade, …".
LEADING_PREPOSITIONS = frozenset("along outside inside across beyond beside behind near after before despite".split())
LOCATIVES = frozenset("in at from to near across around outside inside of into".split())
# Nouns of a settled place: "the village of Orrin Ford" is a place, whatever the name looks like.
SETTLEMENTS = frozenset(
    "village town city hamlet county district region province island islands suburb borough parish "
    "municipality port state".split()
)
# Nouns whose owner is a country: "Kelvara's exports", "the government of Kelvara".
PLACE_HEADS = frozenset(
    "government exports imports economy capital people citizens border borders army navy parliament "
    "coast territory independence president".split()
)
# Nouns of a role: the name in apposition to one is a person's ("its chair, Hanne Kovac").
ROLES = TITLES | frozenset("head president secretary chair executive director organiser".split())
