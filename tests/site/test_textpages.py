"""Importing and exporting the reference text layout through the database and the CLI."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from newsbrief.pipeline.errors import InputError, NotFoundError, TextFormatError
from newsbrief.site.models import Article, Brief, Source
from newsbrief.site.ingest.textpages import export_text, import_text
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db
REFERENCE_PAGE = ROOT.parent / "shared" / "seeds" / "reference-page.txt"


def test_import_then_export_gives_identical_text(ferry_brief):
    article = import_text(ferry_brief)
    assert export_text(str(article.id)) == ferry_brief.read_text(encoding="utf-8")


def test_exporting_an_import_of_an_export_is_stable(ferry_brief, tmp_path):
    first = export_text(str(import_text(ferry_brief).id))
    Article.objects.all().delete()
    copy = tmp_path / "copy.txt"
    copy.write_text(first, encoding="utf-8")
    assert export_text(str(import_text(copy).id)) == first


@pytest.mark.skipif(not REFERENCE_PAGE.exists(), reason="../shared is not beside this checkout")
def test_the_reference_page_imports_and_exports_unchanged():
    import_text(REFERENCE_PAGE)
    assert export_text("ca0249bd-6d70-4097-b74b-96e2bf483dfd") == REFERENCE_PAGE.read_text(encoding="utf-8")


def test_importing_the_same_file_twice_adds_nothing(ferry_brief):
    assert import_text(ferry_brief) is not None
    assert import_text(ferry_brief) is None
    assert Article.objects.count() == 1


def test_a_malformed_file_imports_nothing(ferry_brief, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text(ferry_brief.read_text(encoding="utf-8").replace("Leave a Reply", "Reply"), encoding="utf-8")
    with pytest.raises(TextFormatError, match=r"broken.txt:16: expected 'Leave a Reply'"):
        import_text(broken)
    assert (Article.objects.count(), Brief.objects.count(), Source.objects.count()) == (0, 0, 0)


def test_a_file_that_is_not_utf8_is_refused_by_name(tmp_path):
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Caf\xe9".encode("latin-1"))
    with pytest.raises(InputError, match="latin.txt: not UTF-8"):
        import_text(bad)


def test_exporting_an_unknown_id_is_a_clear_error():
    with pytest.raises(NotFoundError, match="no article"):
        export_text("00000000-0000-0000-0000-000000000000")


def test_the_cli_imports_and_exports(ferry_brief):
    out = io.StringIO()
    call_command("import-text", str(ferry_brief), stdout=out)
    assert "imported 5f0c9a8e-2b1d-4c3e-9a57-1d2e3f4a5b6c" in out.getvalue()
    out = io.StringIO()
    call_command("export-text", "5f0c9a8e-2b1d-4c3e-9a57-1d2e3f4a5b6c", stdout=out)
    assert out.getvalue() == ferry_brief.read_text(encoding="utf-8")


def test_the_cli_reports_a_malformed_file_with_exit_status_2(tmp_path: Path):
    broken = tmp_path / "broken.txt"
    broken.write_text("Title only", encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.txt:2: expected a blank line") as caught:
        call_command("import-text", str(broken))
    assert caught.value.returncode == 2


def test_a_file_saved_with_a_final_newline_exports_in_the_layout_without_it(ferry_brief, tmp_path):
    saved = tmp_path / "saved.txt"
    saved.write_text(ferry_brief.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import-text", str(saved), stdout=out)
    article_id = out.getvalue().split()[1]
    out = io.StringIO()
    call_command("export-text", article_id, stdout=out)
    assert out.getvalue() == saved.read_text(encoding="utf-8").removesuffix("\n")
    assert import_text(saved) is None and import_text(ferry_brief) is None  # one article, either way


def test_the_same_text_under_a_new_id_names_the_article_that_holds_it_and_exports_by_that_id(ferry_brief, tmp_path):
    call_command("import-text", str(ferry_brief), stdout=io.StringIO())
    renamed = tmp_path / "renamed.txt"
    renamed.write_text(ferry_brief.read_text(encoding="utf-8").replace(
        "5f0c9a8e-2b1d-4c3e-9a57-1d2e3f4a5b6c", "0b7a4c55-9e0d-4a8e-8f4e-6a1c2b3d4e5f"), encoding="utf-8")
    out = io.StringIO()
    call_command("import-text", str(renamed), stdout=out)
    assert f"{renamed}: already imported as 5f0c9a8e-2b1d-4c3e-9a57-1d2e3f4a5b6c" in out.getvalue()
    held = out.getvalue().split(" as ")[1].split()[0]
    out = io.StringIO()
    call_command("export-text", held, stdout=out)
    assert out.getvalue() == ferry_brief.read_text(encoding="utf-8")
    assert Article.objects.count() == 1
