"""One entity for the spellings of one thing across the archive: demonyms, and a name with or without its qualifier.

Enrichment settles names within one article; across articles one outlet writes
"Calder General Hospital" and later just "Calder General", another "Veradian
Coastguard" where a third writes "Veradia Coastguard". A name new to the archive
joins an entity already there (or one named earlier in the same batch) when it is

- the same name with its first word as the place's demonym or the place's name
  ("Veradian Coastguard" / "Veradia Coastguard"), or
- the same name with or without a word that says what it is, at either end
  ("Calder General" / "Calder General Hospital", "Water Board" / "Tamsin Valley
  Water Board"), where one outlet writes both: an article that spells the one as
  the other, or articles of the same outlet. An outlet's shorthand, not a guess.

The entity already there keeps its name, so pages do not move. Names with an "and"
stay apart: "Saltmarsh and Northgate" is two places whatever is stored; people's
names join only as enrichment joins them within an article.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsbrief.pipeline.enrichment import entities
from newsbrief.site.models import Entity, Mention

# Words that say what a named thing is: "Hospital", "Board", "Council", "Bridge" … (lowercase).
_WHAT_IT_IS = entities.ORG_WORDS | entities.PLACE_WORDS
_WHAT_IT_IS_SPELLED = sorted({form for word in _WHAT_IT_IS for form in (word, word.capitalize(), word.upper())})
_DEMONYM_ENDINGS = ("n", "an", "ian")
_SPELLINGS_READ = 1000  # articles' spellings of a stored entity read for evidence: enough, and bounded


def demonym_forms(word: str) -> set[str]:
    """The other forms of a place word or its demonym: "Veradia" ↔ "Veradian", "Ostmark" ↔ "Ostmarkian"."""
    forms = {word + end for end in _DEMONYM_ENDINGS}
    if word[-1:] in "aeiou":
        forms |= {word[:-1] + end for end in _DEMONYM_ENDINGS}
    for end in _DEMONYM_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 4:
            stem = word[: -len(end)]
            forms |= {stem, stem + "a", stem + "ia"}
    forms.discard(word)
    return {f for f in forms if len(f) >= 4}


def demonym_variants(name: str) -> set[str]:
    """The same name with its first word in its other place or demonym forms (names of two words or more)."""
    words = name.split(" ")
    if len(words) < 2 or not words[0][:1].isupper() or "and" in words:
        return set()
    return {" ".join([form, *words[1:]]) for form in demonym_forms(words[0])}


def qualifier_variants(name: str) -> set[str]:
    """Shorter forms of the name that drop a word at either end ("Calder General" of "Calder General Hospital")."""
    words = name.split(" ")
    if "and" in words or "&" in words:
        return set()
    shorter = set()
    if len(words) >= 3 and words[-1].lower() in _WHAT_IT_IS:
        shorter.add(" ".join(words[:-1]))
    for cut in range(1, len(words) - 1):  # "Water Board" of "Tamsin Valley Water Board": keep a head that says what
        if words[-1].lower() in _WHAT_IT_IS:
            shorter.add(" ".join(words[cut:]))
    return shorter


def joins(new: Mapping[str, set[str]], kinds: Mapping[str, str], forms: Mapping[str, set[str]]) -> dict[str, str]:
    """name -> the name of the entity it joins, for names new to the archive.

    new: each name of a batch (in the order met) and the outlets (domains) of its articles;
    kinds: each name's kind as the batch gives it; forms: its spellings in the batch.
    """
    stored = set(Entity.objects.filter(name__in=new).values_list("name", flat=True))
    fresh = [name for name in new if name not in stored and kinds[name] != Entity.Kind.PERSON]
    joined: dict[str, str] = {}
    for name in fresh:
        target = _stored_variant(name, new, forms) or _batch_variant(name, new, fresh, joined)
        if target is not None and target != name:
            joined[name] = target
    return joined


def _stored_variant(name: str, new: Mapping[str, set[str]], forms: Mapping[str, set[str]]) -> str | None:
    others = Entity.objects.exclude(kind=Entity.Kind.PERSON)
    demonyms = sorted(others.filter(name__in=demonym_variants(name)).values_list("name", flat=True))
    if demonyms:
        return demonyms[0]
    candidates = set(others.filter(name__in=qualifier_variants(name)).values_list("name", flat=True))
    # Both lookups read an index, so that their cost does not grow with the archive: names ending in this
    # name share its last word, and a name one word longer that says what it is can be spelled out.
    ending = others.filter(last_word=Entity.last_word_of(name), name__endswith=f" {name}")
    longer = others.filter(name__in=[f"{name} {word}" for word in _WHAT_IT_IS_SPELLED])
    candidates |= {found for found in [*ending.values_list("name", flat=True), *longer.values_list("name", flat=True)]
                   if name in qualifier_variants(found)}
    used = sorted(c for c in candidates if _one_outlet_wrote_both(name, c, new, forms))
    return used[0] if len(used) == 1 else None


def _one_outlet_wrote_both(name: str, stored: str, new: Mapping[str, set[str]], forms: Mapping[str, set[str]]) -> bool:
    """Whether some outlet writes both names: an article that spelled the one as the other, or the same outlet's articles."""
    outlets = new[name] - {""}
    if stored in forms.get(name, ()) or outlets & (new.get(stored, set()) - {""}):
        return True  # in this batch
    if Mention.objects.filter(entity__name=stored, article__source_domain__in=outlets).exists():
        return True
    spellings = Mention.objects.filter(entity__name=stored).values_list("surface_forms", flat=True)[:_SPELLINGS_READ]
    return any(name in found for found in spellings)


def _batch_variant(name: str, new: Mapping[str, set[str]], fresh: list[str], joined: dict[str, str]) -> str | None:
    """A variant named earlier in the same batch (which is itself new), followed to the name it joined."""
    earlier = fresh[: fresh.index(name)]  # people are not in `fresh`: they join no one here
    for other in earlier:
        if other in demonym_variants(name) or (
            (other in qualifier_variants(name) or name in qualifier_variants(other)) and new[name] & new[other] - {""}
        ):
            return joined.get(other, other)
    return None
