"""The roles an article gives its people: "Lib Dem leader Charles Kennedy", "Neil Kinnock, the former Labour leader".

Descriptions later in the article ("the leader said …", "the minister") stand for
the person the article gave that role, which is how `aim_actors` resolves them.
"""

from __future__ import annotations

from newsbrief.pipeline.enrichment.entity_words import ROLES


def roles_of(doc, start: int, end: int) -> frozenset[str]:
    """The role nouns written before a person's name, set beside it in apposition or given by "who is …"."""
    found = set()
    i = start - 1
    while i >= 0 and (doc[i].lower_.rstrip(".") in ROLES or doc[i].tag_ in ("NNP", "NNPS", "NN")) and i >= start - 4:
        if doc[i].lower_.rstrip(".") in ROLES:
            found.add(doc[i].lower_.rstrip("."))
        i -= 1
    root = doc[start:end].root
    beside = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        beside.append(root.head)
    # "Edward Leigh, who is chairman of the committee": the role a relative clause gives
    beside += [a for c in root.children if c.dep_ == "relcl" and c.lemma_ == "be" for a in c.children if a.dep_ == "attr"]
    found.update(t.lemma_.lower() for t in beside if t.lemma_.lower() in ROLES)
    return frozenset(found)
