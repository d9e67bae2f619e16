"""Articles in other languages through ingest, the page and the text layout. Every text here was written for these tests."""

import pytest

from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.ingest.textpages import export_text, import_text
from newsbrief.site.models import Article

pytestmark = pytest.mark.django_db

JAPANESE = [
    "霧ヶ浜市の市議会は火曜日、川にかかる古い木造の橋を春までに改修することを決めた。橋は百年以上前に造られ、去年の大雨で一部が傷んでいた。",
    "市長は記者会見で「工事は三か月かかる。その間は迂回路を設ける。」と述べた。改修費用はおよそ二億円で、国の補助金も使われる予定だ。",
    "商店街の店主たちは、工事の間に客が減ることを心配している。ある店主は、迂回路が遠すぎると話した。一方で、多くの住民は安全のために改修が必要だと考えている。",
    "市は来月、住民向けの説明会を開く。説明会では工事の日程と迂回路の地図が示される。市議会は五月に工事の進み具合を確認する予定だ。",
]
CHINESE = [
    "雾港市议会周二决定，在明年春天之前修复河上的旧木桥。这座桥建于一百多年前，去年的暴雨使桥身部分受损。",
    "市长在记者会上说：“工程将持续三个月，期间我们会开设绕行道路。”修复费用约为两亿元，其中一部分来自国家补贴。",
    "商业街的店主们担心施工期间顾客会减少。一位店主表示，绕行道路太远了。不过，许多居民认为为了安全必须修桥。",
    "市政府下个月将为居民举办说明会，介绍工程日程和绕行路线。市议会计划在五月检查工程进展。",
]
GERMAN = [
    "Der Stadtrat von Kestrelbach hat am Dienstag beschlossen, die alte Holzbrücke über die Wenne bis zum 19. März zu sanieren. Die Brücke ist mehr als hundert Jahre alt.",
    "Die Bürgermeisterin Greta Almhoff sagte, die Arbeiten würden drei Monate dauern. Der Verkehr werde in dieser Zeit über die Umgehungsstraße geleitet.",
    "Viele Anwohner begrüßen die Sanierung. Die Händler in der Altstadt fürchten dagegen um ihre Kundschaft und fordern eine bessere Beschilderung der Umleitung.",
    "Der Stadtrat will im Mai über die Kosten der Umleitung sprechen. Bis dahin sollen die Händler Vorschläge einreichen können.",
]


def _page(tmp_path, name: str, lang: str, title: str, paragraphs: list[str]):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f'<!doctype html><html lang="{lang}"><head><title>{title}</title>'
            f'<link rel="canonical" href="https://kestrelbach.example/{name}"></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "paragraphs", "closing"), [("ja", JAPANESE, "まとめると、"), ("zh", CHINESE, "总之，")])
def test_a_cjk_brief_round_trips_through_export_and_import_text(tmp_path, name, paragraphs, closing):
    ingest_paths([_page(tmp_path, name, name, "橋の改修", paragraphs)])
    article = Article.objects.get()
    assert article.language == name
    assert article.brief.closing.startswith(closing)
    exported = export_text(str(article.id))
    Article.objects.all().delete()
    copy = tmp_path / "copy.txt"
    copy.write_text(exported, encoding="utf-8")
    assert export_text(str(import_text(copy).id)) == exported


def test_a_german_page_declared_english_is_stored_and_marked_up_as_german(client, tmp_path):
    ingest_paths([_page(tmp_path, "bruecke", "en", "Stadtrat saniert die Holzbrücke", GERMAN)])
    article = Article.objects.get()
    assert article.language == "de"
    assert article.brief.closing.startswith("Zusammengefasst: ")
    assert "In summary" not in article.brief.closing
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<article class="brief" aria-labelledby="title" lang="de">' in html
    assert '<p class="attribution" lang="en">Original Source:' in html
    # The English model would have made people of "Greta Almhoff" and "Der Stadtrat": none beats wrong ones.
    assert (article.mentions.count(), article.statements.count()) == (0, 0)


def test_an_english_brief_exported_and_imported_keeps_its_closing(ferry_brief):
    article = import_text(ferry_brief)
    assert article.language == "en"
    assert export_text(str(article.id)) == ferry_brief.read_text(encoding="utf-8")
