"""Near-duplicates: stable MinHash signatures and an LSH index that finds copies, best first."""

import json
import os
import subprocess
import sys

import pytest

from newsbrief.pipeline.duplicates.neardup import (NUM_PERM, NearDuplicateIndex, estimated_jaccard, jaccard, lsh_bands,
                                        shingles, signature)

STORY = """The harbour authority of Port Veradia will end late ferry crossings in March, when the second vessel
returns from its refit at the Kestrel yard, officials said on Tuesday.

Commuters who travel to the island clinic have complained for months about cancelled evening sailings and
a booking site that fails when the weather turns.

The authority's chief executive told councillors that the refit had run six weeks late because parts for the
engines had to be made abroad, and that the cost had risen by four million crowns.

Councillors will question the authority again next week, and the ferry workers' union has asked to be heard
before any decision on the winter timetable is taken by the board."""

OTHER = """Growers in the Tamsin Valley asked the water board for an exemption from the new irrigation rules on
Thursday, saying the rationing would ruin the autumn planting and cost jobs at the packing plant.

The board said it would answer within a fortnight, after hydrologists report on the level of the reservoir,
which stands at its lowest since records began in the valley."""

WIRE_COPY = ("By Valley Ledger staff and wire services.\n\n" + STORY.replace("officials said", "officials told reporters")
             + "\n\nCopyright Valley Ledger. All rights reserved.")


def test_a_signature_is_a_tuple_of_ints_that_survives_json():
    sig = signature(STORY)
    assert isinstance(sig, tuple) and len(sig) == NUM_PERM and all(type(v) is int for v in sig)
    assert tuple(json.loads(json.dumps(sig))) == sig


def test_signatures_are_the_same_in_another_process():
    code = ("import sys; from newsbrief.pipeline.duplicates.neardup import signature; "
            "print(list(signature(sys.stdin.read())))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], input=STORY, capture_output=True, text=True, env=env,
                         check=True)
    assert tuple(json.loads(out.stdout)) == signature(STORY)


def test_case_and_punctuation_do_not_change_the_shingles():
    assert shingles("The Ferry, late again!") == shingles("the ferry late again")


def test_a_wire_copy_is_found_with_its_similarity():
    index = NearDuplicateIndex()
    index.add("gazette-1", signature(STORY))
    index.add("ledger-7", signature(OTHER))
    [(key, similarity)] = index.query(signature(WIRE_COPY))
    assert key == "gazette-1"
    assert 0.8 <= similarity <= 1.0
    assert abs(similarity - jaccard(shingles(STORY), shingles(WIRE_COPY))) < 0.12


def test_a_different_article_is_not_a_duplicate():
    index = NearDuplicateIndex()
    index.add("gazette-1", signature(STORY))
    assert index.query(signature(OTHER)) == []
    half = "\n\n".join(STORY.split("\n\n")[:2])
    assert index.query(signature(half)) == []


def test_matches_come_best_first_and_the_earlier_first_on_ties():
    index = NearDuplicateIndex(threshold=0.5)
    index.add("copy", signature(WIRE_COPY))
    index.add("original", signature(STORY))
    index.add("again", signature(STORY))
    keys = [key for key, _ in index.query(signature(STORY))]
    assert keys == ["original", "again", "copy"]


def test_the_threshold_decides():
    similarity = estimated_jaccard(signature(STORY), signature(WIRE_COPY))
    strict, loose = NearDuplicateIndex(threshold=min(1.0, similarity + 0.05)), NearDuplicateIndex(threshold=0.5)
    for index in (strict, loose):
        index.add("a", signature(STORY))
    assert strict.query(signature(WIRE_COPY)) == []
    assert [key for key, _ in loose.query(signature(WIRE_COPY))] == ["a"]


def test_length_membership_replacement_and_removal():
    index = NearDuplicateIndex()
    assert len(index) == 0
    index.add("a", signature(STORY))
    index.add("a", signature(OTHER))  # the same key again replaces its signature
    assert len(index) == 1 and "a" in index
    assert index.query(signature(STORY)) == []
    index.remove("a")
    assert len(index) == 0 and index.query(signature(OTHER)) == []


def test_two_indexes_share_nothing():
    first, second = NearDuplicateIndex(), NearDuplicateIndex()
    first.add("a", signature(STORY))
    assert len(second) == 0 and second.query(signature(STORY)) == []


def test_texts_without_words_match_nothing():
    index = NearDuplicateIndex()
    index.add("empty", signature(""))
    index.add("dots", signature("… — !"))
    assert index.query(signature("")) == []
    assert len(index) == 2


def test_a_signature_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="64 values"):
        NearDuplicateIndex().add("a", signature(STORY, num_perm=64))
    with pytest.raises(ValueError):
        NearDuplicateIndex(threshold=0)


@pytest.mark.parametrize("threshold, num_perm", [(0.8, 128), (0.8, 64), (0.9, 256), (0.5, 128)])
def test_lsh_bands_propose_a_pair_at_the_threshold_almost_always(threshold, num_perm):
    bands, rows = lsh_bands(threshold, num_perm)
    assert bands * rows <= num_perm
    assert 1 - (1 - threshold**rows) ** bands >= 0.99
