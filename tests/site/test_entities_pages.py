"""Entities at store time: the kind most articles give, an editor's kind, aliases from the admin.

The sample corpus's entities and their pages are in test_sample_entities.py.
"""

import pytest

from newsbrief.site.store.entity_kinds import settle_kinds
from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.models import Article, Entity, EntityAlias, Mention, Source
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.django_db


def _voted(name: str, kind: str, votes: list[str], by_editor: bool = False) -> Entity:
    entity = Entity.objects.create(name=name, kind=kind, kind_set_by_editor=by_editor)
    source, _ = Source.objects.get_or_create(url="https://kinds.example/feed", defaults={"name": "Kinds"})
    for n, vote in enumerate(votes):
        url = f"https://kinds.example/{name}/{n}"
        article = Article.objects.create(source=source, url=url, title=f"T{n}", text="x")
        Mention.objects.create(article=article, entity=entity, count=5 if n == 0 else 1, kind=vote)
    settle_kinds([entity.pk])
    entity.refresh_from_db()
    return entity


def test_the_kind_is_the_one_most_articles_give_not_the_most_mentions():
    assert _voted("Harrowgate", "org", ["org", "place", "place"]).kind == "place"  # the first article's 5 mentions count once


def test_a_tie_keeps_the_kind_and_an_editors_kind_is_never_changed():
    assert _voted("Harrowgate", "person", ["person", "org"]).kind == "person"
    assert _voted("Saltby", "org", ["place", "place"], by_editor=True).kind == "org"


def test_changing_the_kind_in_the_admin_marks_it_as_the_editors(admin_client):
    entity = Entity.objects.create(name="Harrowgate", kind=Entity.Kind.ORGANIZATION)
    url = f"/admin/newsbrief/entity/{entity.pk}/change/"
    response = admin_client.post(url, {"name": "Harrowgate", "kind": "place"})
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.kind == "place" and entity.kind_set_by_editor


def test_aliases_from_the_admin_are_used_when_articles_are_enriched(client):
    EntityAlias.objects.create(alias="Calder General", name="Calder General Hospital")
    ingest_paths([EXAMPLES / "www.harbourgazette.example"])
    assert not Entity.objects.filter(name="Calder General").exists()
    hospital = Entity.objects.get(name="Calder General Hospital")
    assert any("Calder General" in m.surface_forms for m in hospital.mentions.all())


