"""import_entries: line-numbered errors, dry runs, re-runs, resumption and updates."""

import csv
import datetime
import io
import json
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from memorial.entries.models import MemorialEntryPage, Place
from memorial.records.ingest import EntryImporter
from memorial.records.ingest.importer import EntryImporter as ImporterClass

from ..bench.fictional_rows import fictional_records, write_csv, write_jsonl
from ..factories import (
    MemorialEntryPageFactory,
    MemorialIndexPageFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "id,given_name,family_name,patronymic,birth_name,name_variants,sex,birth_date,"
    "birth_date_precision,birth_place,death_date,death_date_precision,death_place,"
    "occupation,biography,sources,collection\n"
)


@pytest.fixture
def names(home):
    return MemorialIndexPageFactory(parent=home, title="Names", slug="names")


def run_import(path, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_entries", str(path), stdout=out, stderr=err, **options)
        failed = False
    except CommandError:
        failed = True
    return failed, out.getvalue(), err.getvalue()


def tree_is_sound():
    problems = Page.find_problems()
    return not any(problems)


def test_bad_rows_are_reported_by_line_and_good_rows_import(tmp_path, names):
    path = tmp_path / "names.csv"
    path.write_text(
        HEADER
        + "p-1,Ali,Məmmədov,,,Мамедов Али,m,c. 1931,,Velmora,1942-05-14,,,teacher,,Reg A,names\n"
        + 'p-2,Lea,Szwarc,,,,f,1931-05,,,1941,,,,"Line one\n\nline two",,names\n'
        + "p-3,,,,,,,,,,,,,,,,names\n"
        + "p-1,Again,Same,,,,,,,,,,,,,,names\n"
        + "p-4,Bad,Date,,,,x,1931-13-01,,,,,,,,,names\n"
        + "p 5,Bad,Id,,,,,,,,,,,,,,names\n"
        + "p-6,No,Collection,,,,,,,,,,,,,,elsewhere\n",
        encoding="utf-8",
    )
    failed, out, err = run_import(path)
    assert failed, "rows with errors make the command exit non-zero"
    assert "line 6 (id p-3): give at least a given_name or a family_name" in err
    assert "line 7 (id p-1): id 'p-1' already appears on line 2" in err
    assert "line 8 (id p-4): sex 'x'" in err and "not a real date" in err
    assert "line 9 (id p 5)" in err
    assert "line 10 (id p-6): collection 'elsewhere' does not exist" in err
    assert set(MemorialEntryPage.objects.values_list("identifier", flat=True)) == {"p-1", "p-2"}
    ali = MemorialEntryPage.objects.get(identifier="p-1")
    assert ali.birth_display == "c. 1931" and ali.death_display == "14 May 1942"
    assert ali.name_variants.get().script == "Cyrl"
    assert ali.birth_place.name == "Velmora"
    assert ali.live and ali.url.endswith("/names/ali-memmedov-p-1/")
    assert tree_is_sound()
    assert Page.objects.get(pk=names.pk).numchild == 2


def test_a_file_that_is_not_the_expected_format_is_refused_whole(tmp_path, names):
    path = tmp_path / "odd.csv"
    path.write_text("id,name,colour\n1,A,blue\n", encoding="utf-8")
    failed, _, err = run_import(path)
    assert failed
    assert not MemorialEntryPage.objects.exists()


def test_a_file_naming_a_column_twice_is_refused_whole(tmp_path, names):
    path = tmp_path / "twice.csv"
    path.write_text("id,family_name,family_name\nx-1,Varnoth,Quell\n", encoding="utf-8")
    with pytest.raises(CommandError, match="'family_name' appear more than once"):
        call_command("import_entries", str(path), stdout=io.StringIO())
    assert not MemorialEntryPage.objects.exists()


def test_undecodable_bytes_fail_only_their_row(tmp_path, names):
    path = tmp_path / "bytes.csv"
    path.write_bytes(
        HEADER.encode()
        + b"p-1,Ana,Good,,,,,,,,,,,,,,names\n"
        + b"p-2,B\xff\xfe,Bad,,,,,,,,,,,,,,names\n"
    )
    failed, _, err = run_import(path)
    assert failed and "line 3 (id p-2): this row contains bytes that are not UTF-8" in err
    assert list(MemorialEntryPage.objects.values_list("identifier", flat=True)) == ["p-1"]


@pytest.mark.parametrize("name", ["names.csv", "names.jsonl", "names.txt"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_utf_16_file_is_refused_whole_saying_to_save_it_as_utf_8(name, encoding, tmp_path, names):
    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text('{"id": "p-1", "given_name": "Ana"}\n', encoding=encoding)
    else:
        path.write_text(HEADER + "p-1,Ana,Good,,,,,,,,,,,,,,names\n", encoding=encoding)
    with pytest.raises(CommandError, match="UTF-16 .*not UTF-8. Save it again as UTF-8"):
        call_command("import_entries", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not MemorialEntryPage.objects.exists()


def test_dry_run_reports_and_writes_nothing(tmp_path, names):
    path = write_csv(tmp_path / "rows.csv", fictional_records(12))
    failed, out, _ = run_import(path, dry_run=True)
    assert not failed
    assert "12 entries would be created" in out
    assert not MemorialEntryPage.objects.exists()


def test_running_the_same_file_again_creates_no_duplicates(tmp_path, names):
    path = write_jsonl(tmp_path / "rows.jsonl", fictional_records(25))
    run_import(path, batch_size=10)
    failed, out, _ = run_import(path, batch_size=10)
    assert not failed and "0 entries were created" in out and "25 already present" in out
    assert MemorialEntryPage.objects.count() == 25
    assert tree_is_sound()


def test_an_interrupted_import_resumes_to_the_same_end_state(tmp_path, home, names):
    path = write_csv(tmp_path / "rows.csv", fictional_records(30))
    real_batch = ImporterClass._import_batch
    calls = {"n": 0}

    def dies_on_third_batch(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("killed")
        return real_batch(self, *args, **kwargs)

    with (
        mock.patch.object(ImporterClass, "_import_batch", dies_on_third_batch),
        pytest.raises(KeyboardInterrupt),
    ):
        EntryImporter(path, batch_size=7).run()
    assert MemorialEntryPage.objects.count() == 14, "two whole batches were committed"

    EntryImporter(path, batch_size=7).run()
    resumed = export_text()

    clean = MemorialIndexPageFactory(parent=home, title="Clean", slug="clean")
    clean_path = write_csv(
        tmp_path / "clean.csv", fictional_records(30, collection="clean", prefix="c")
    )
    EntryImporter(clean_path, batch_size=7).run()
    assert MemorialEntryPage.objects.child_of(names).count() == 30
    assert Page.objects.get(pk=names.pk).numchild == 30
    assert Page.objects.get(pk=clean.pk).numchild == 30
    assert tree_is_sound()
    # Same content as an uninterrupted import of the same rows (ids and collection aside).
    assert resumed.replace(",names\n", "\n").replace("b-", "") == export_text(
        collection="clean"
    ).replace(",clean\n", "\n").replace("c-", "")


def test_an_entry_added_in_the_admin_while_an_import_runs_does_not_stop_it(tmp_path, names):
    """A long import and an archivist adding one person to the same collection: the
    archivist's page takes the next place in the tree, and the import's next batch must
    go after it, not fail on the place it had counted on."""
    path = write_csv(tmp_path / "rows.csv", fictional_records(21))

    def archivist_adds_an_entry(done, total):
        if done == 7:
            MemorialEntryPageFactory(parent=Page.objects.get(pk=names.pk), family_name="Added")

    report = EntryImporter(path, batch_size=7, on_progress=archivist_adds_an_entry).run()

    assert report.created == 21 and not report.errors
    assert MemorialEntryPage.objects.child_of(names).count() == 22
    assert Page.objects.get(pk=names.pk).numchild == 22
    assert tree_is_sound()


def test_update_changes_what_changed_and_keeps_history(tmp_path, names):
    records = list(fictional_records(3))
    path = write_csv(tmp_path / "rows.csv", records)
    run_import(path)
    records[1]["occupation"] = "bookbinder"
    records[1]["name_variants"] = ["A new spelling", "Another spelling"]
    write_csv(path, records)
    failed, out, _ = run_import(path, update=True)
    assert not failed and "1 updated" in out and "2 already present" in out
    changed = MemorialEntryPage.objects.get(identifier=records[1]["id"])
    assert changed.occupation == "bookbinder"
    variants = changed.name_variants.values_list("sort_order", "name")
    assert list(variants) == [(0, "A new spelling"), (1, "Another spelling")]
    assert changed.revisions.count() == 1, "the correction is a revision, for the audit trail"


def test_update_leaves_unpublished_entries_and_archivists_drafts_alone(tmp_path, names):
    """An export with restricted entries, corrected and imported with --update: a draft
    (a proposal still in moderation, an entry taken down) must not be published by it, and
    an archivist's unpublished draft of a live entry must stay the one the editor opens."""
    records = list(fictional_records(2))
    path = write_csv(tmp_path / "rows.csv", records)
    run_import(path)
    hidden, drafted = (MemorialEntryPage.objects.get(identifier=r["id"]) for r in records)
    hidden.unpublish()
    draft = drafted.get_latest_revision_as_object()
    draft.occupation = "archivist's unpublished correction"
    draft.save_revision()
    for record in records:
        record["occupation"] = "bookbinder"
    write_csv(path, records)

    _, _, err = run_import(path, update=True)

    hidden.refresh_from_db()
    assert not hidden.live and hidden.occupation != "bookbinder"
    drafted.refresh_from_db()
    assert drafted.has_unpublished_changes
    assert (
        drafted.get_latest_revision_as_object().occupation == "archivist's unpublished correction"
    )
    assert f"{records[0]['id']}: not updated, because it is not published" in err
    assert f"{records[1]['id']}: not updated, because it has changes not yet published" in err


def test_imported_entries_are_found_by_the_public_search(client, tmp_path, names):
    path = tmp_path / "one.csv"
    path.write_text(HEADER + "p-9,Quillon,Ardevarrin,,,,,,,,,,,,,,names\n", encoding="utf-8")
    run_import(path)
    html = client.get("/search/", {"q": "Ardevarrin"}).content.decode()
    assert "Quillon Ardevarrin" in html


def export_text(**options) -> str:
    out = io.StringIO()
    call_command("export_entries", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def assert_export_imports_unchanged(tmp_path, fmt="csv"):
    """Export every entry, delete them all, import the export: a second export is the same."""
    first = export_text(format=fmt)
    exported = tmp_path / f"export.{fmt}"
    exported.write_text(first, encoding="utf-8")
    for entry in MemorialEntryPage.objects.all():
        entry.delete()
    failed, _out, err = run_import(exported)
    assert not failed, err
    assert export_text(format=fmt) == first


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_import_export_gives_identical_files(tmp_path, names, fmt):
    write = write_csv if fmt == "csv" else write_jsonl
    run_import(write(tmp_path / f"seed.{fmt}", fictional_records(20)))
    MemorialEntryPageFactory(
        parent=names,
        identifier="hand-made",
        given_name="Edited",
        family_name="By Hand",
        biography=[
            {"type": "heading", "value": {"text": "Early # years", "level": "h2"}},
            {"type": "paragraph", "value": "<p>A <b>bold</b> life; * and _ and [x].</p>"},
            {"type": "paragraph", "value": "<ul><li>one</li><li>two</li></ul>"},
        ],
    )
    assert_export_imports_unchanged(tmp_path, fmt)


def test_a_cell_a_spreadsheet_would_run_is_exported_as_text_and_imported_back(tmp_path, names):
    formula = '=HYPERLINK("http://elsewhere.example","x")'
    MemorialEntryPageFactory(
        parent=names, identifier="f-1", family_name=formula, given_name="@SUM(1)"
    )
    first = export_text()
    rows = list(csv.DictReader(io.StringIO(first)))
    assert rows[0]["family_name"] == "'" + formula
    assert rows[0]["given_name"] == "'@SUM(1)"

    exported = tmp_path / "export.csv"
    exported.write_text(first, encoding="utf-8")
    MemorialEntryPage.objects.get().delete()
    run_import(exported)
    entry = MemorialEntryPage.objects.get()
    assert (entry.family_name, entry.given_name) == (formula, "@SUM(1)")
    assert export_text() == first


def test_export_is_public_only_unless_asked(names):
    MemorialEntryPageFactory(parent=names, identifier="open-1")
    MemorialEntryPageFactory(parent=names, identifier="draft-1", live=False)
    MemorialEntryPageFactory(parent=names, identifier="staff-1", access_level="staff")
    MemorialEntryPageFactory(parent=names, identifier="embargo-1", embargo_until="2999-01-01")
    private = MemorialEntryPageFactory(parent=names, identifier="private-1")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    public = export_text()
    assert "open-1" in public
    for hidden in ("draft-1", "staff-1", "embargo-1", "private-1"):
        assert hidden not in public
    everything = export_text(include_restricted=True)
    for identifier in ("open-1", "draft-1", "staff-1", "embargo-1", "private-1"):
        assert identifier in everything


@pytest.mark.parametrize("where", ["missing/entries.csv", "."])
def test_export_to_a_file_that_cannot_be_written_says_so(where, tmp_path, names):
    target = tmp_path / where
    with pytest.raises(CommandError, match=f"Cannot write {target}"):
        call_command("export_entries", "--output", str(target), stderr=io.StringIO())


def test_imported_index_rows_match_modelsearch(tmp_path, names):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the COPY indexing path is PostgreSQL's")
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    run_import(write_csv(tmp_path / "rows.csv", fictional_records(5)))
    entry = MemorialEntryPage.objects.get(identifier="b-0000003")

    def stripped():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT strip(title), strip(autocomplete), strip(body), title_text "
                f"FROM {IndexEntry._meta.db_table} WHERE object_id = %s",
                [str(entry.pk)],
            )
            return cursor.fetchone()

    ours = stripped()
    get_search_backend().add(entry)
    assert ours == stripped()


def test_the_benchmark_rows_are_valid(tmp_path, names):
    path = write_csv(Path(tmp_path / "rows.csv"), fictional_records(50))
    report = EntryImporter(path, dry_run=True).run()
    assert report.error_count == 0 and report.created == 50


def test_imported_names_are_found_in_any_spelling(tmp_path, names):
    from memorial.entries.models import EntryNameKey
    from memorial.entries.models.name_keys import entry_names, key_rows
    from search.queries import SearchQuery

    path = tmp_path / "rows.csv"
    path.write_text(
        HEADER + "k-1,Əli,Məmmədov,,,Джафаров Али,male,1921,year,,1942,year,,,,,names\n",
        encoding="utf-8",
    )
    failed, _out, err = run_import(path)
    assert not failed, err
    entry = MemorialEntryPage.objects.get(identifier="k-1")
    stored = set(EntryNameKey.objects.filter(entry=entry).values_list("entry_id", "kind", "key"))
    assert stored == {tuple(row) for row in key_rows(entry.pk, entry_names(entry))}
    for spelling in ("Mamedov", "Jafarov"):
        query = SearchQuery.from_params({"q": spelling})
        assert query.entry_window(0)[1] == [entry], spelling


def test_names_too_long_for_one_title_import_with_a_shortened_title(tmp_path, names):
    path = tmp_path / "long.csv"
    path.write_text(HEADER + f"l-1,{'G' * 200},{'F' * 200},,,,,,,,,,,,,,names\n", encoding="utf-8")
    failed, _out, err = run_import(path)
    assert not failed, err
    entry = MemorialEntryPage.objects.get()
    assert entry.family_name == "F" * 200 and len(entry.title) == 255


def test_a_row_is_reported_on_the_line_it_starts_after_blank_lines_and_multi_line_cells(
    tmp_path, names
):
    path = tmp_path / "names.csv"
    path.write_text(
        HEADER
        + "p-1,Ali,A,,,,,,,,,,,,,,names\n"
        + "\n"
        + "p-2,Bad,Date,,,,x,,,,,,,,,,names\n"
        + 'p-3,Lea,B,,,,,,,,,,,,"Line one\n\nline three",,names\n'
        + "\n\n"
        + "p-4,Bad,Sex,,,,y,,,,,,,,,,names\n"
        + 'p-5,Broken,"quote"x,,,,,,,,,,,,,,names\n'
        + "p-6,Bad,Again,,,,z,,,,,,,,,,names\n",
        encoding="utf-8",
    )
    failed, _out, err = run_import(path)
    assert failed
    assert "line 4 (id p-2): sex 'x'" in err, err
    assert "line 10 (id p-4): sex 'y'" in err, err
    assert "line 11: this row cannot be read as CSV" in err, err
    assert "line 12 (id p-6): sex 'z'" in err, err
    assert set(MemorialEntryPage.objects.values_list("identifier", flat=True)) == {"p-1", "p-3"}


def test_a_list_item_ending_in_a_backslash_comes_back_as_its_own_item(tmp_path, names):
    entry = MemorialEntryPageFactory(parent=names, identifier="b-1", given_name="A")
    for citation in ("Register A\\", "Register B", "C:\\scans\\1;2", "\\;"):
        SourceFactory(page=entry, citation=citation)
    assert_export_imports_unchanged(tmp_path)
    entry = MemorialEntryPage.objects.get(identifier="b-1")
    assert [source.citation for source in entry.sources.all()] == [
        "Register A\\",
        "Register B",
        "C:\\scans\\1;2",
        "\\;",
    ]


def test_a_list_cell_written_before_backslashes_were_escaped_reads_as_it_did():
    from memorial.records.entry_records import split_list

    assert split_list("C:\\scans\\1\\;2;Register B") == ["C:\\scans\\1;2", "Register B"]


def test_a_value_starting_with_an_apostrophe_and_a_formula_sign_comes_back_unchanged(
    tmp_path, names
):
    MemorialEntryPageFactory(parent=names, identifier="a-1", given_name="'-Ali")
    MemorialEntryPageFactory(parent=names, identifier="a-2", given_name="''=Lea")
    MemorialEntryPageFactory(parent=names, identifier="a-3", given_name="'Tis")
    assert_export_imports_unchanged(tmp_path)
    assert MemorialEntryPage.objects.get(identifier="a-1").given_name == "'-Ali"
    assert MemorialEntryPage.objects.get(identifier="a-2").given_name == "''=Lea"
    assert MemorialEntryPage.objects.get(identifier="a-3").given_name == "'Tis"


def test_a_biography_longer_than_a_csv_reader_takes_by_default_comes_back_unchanged(
    tmp_path, names
):
    MemorialEntryPageFactory(
        parent=names,
        identifier="h-1",
        given_name="A",
        biography=[{"type": "paragraph", "value": "<p>" + "word " * 30000 + "</p>"}],
    )
    assert_export_imports_unchanged(tmp_path)


def test_a_cell_longer_than_the_importer_reads_is_a_row_error_and_later_rows_import(
    tmp_path, names, monkeypatch
):
    from memorial.records.ingest import readers

    monkeypatch.setattr(readers, "MAX_CELL_CHARACTERS", 1000)
    process_limit = csv.field_size_limit()
    path = tmp_path / "names.csv"
    path.write_text(
        HEADER
        + "p-1,Ali,A,,,,,,,,,,,,,,names\n"
        + f'p-2,Too,Long,,,,,,,,,,,,"{"word " * 100}\n{"x," * 300}\n{"y " * 300}",,names\n'
        + "p-3,Lea,B,,,,,,,,,,,,,,names\n",
        encoding="utf-8",
    )
    try:
        failed, _out, err = run_import(path)
    finally:
        csv.field_size_limit(process_limit)
    assert failed
    assert "line 3: a cell is longer than 1,000 characters" in err, err
    assert err.count("line ") == 1, err
    assert set(MemorialEntryPage.objects.values_list("identifier", flat=True)) == {"p-1", "p-3"}


def test_a_json_lines_biography_longer_than_a_csv_cell_may_be_is_a_row_error(
    tmp_path, names, monkeypatch
):
    from memorial.records.ingest import parsing

    monkeypatch.setattr(parsing, "MAX_CELL_CHARACTERS", 1000)
    path = tmp_path / "rows.jsonl"
    rows = [
        {"id": "j-1", "given_name": "Ali", "biography": "word " * 300, "collection": "names"},
        {"id": "j-2", "given_name": "Lea", "biography": "word " * 100, "collection": "names"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    failed, _out, err = run_import(path)
    assert failed
    assert "line 1 (id j-1): biography is longer than 1,000 characters." in err, err
    assert list(MemorialEntryPage.objects.values_list("identifier", flat=True)) == ["j-2"]


@pytest.mark.parametrize("value", ["", "'", "'-", "''@x", "'Tis", "-", "=1+1", "\t'=", "Ali"])
def test_taking_the_spreadsheet_guard_off_gives_back_every_value_exactly(value):
    from memorial.records.spreadsheet_cells import guarded, unguarded

    assert unguarded(guarded(value)) == value


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize(
    "html",
    [
        "<p>---</p>",
        "<p>First<br/>&gt; second</p>",
        "<p>First<br/>---</p>",
        "<p>First<br/>===</p>",
        "<ul><li>&gt; quoted item</li><li>one<br/>- two</li></ul>",
    ],
)
def test_a_paragraph_line_that_looks_like_markdown_structure_comes_back_as_text(
    tmp_path, names, fmt, html
):
    MemorialEntryPageFactory(
        parent=names,
        identifier="d-1",
        given_name="A",
        biography=[
            {"type": "paragraph", "value": html},
            {"type": "paragraph", "value": "<p>After</p>"},
        ],
    )
    assert_export_imports_unchanged(tmp_path, fmt)


def test_true_or_false_for_a_text_field_in_json_lines_is_a_row_error(tmp_path, names):
    path = tmp_path / "rows.jsonl"
    rows = [
        {"id": "t-1", "given_name": True, "collection": "names"},
        {"id": "t-2", "given_name": "Lea", "sources": ["Register A", False], "collection": "names"},
        {"id": "t-3", "given_name": "Ali", "collection": "names"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    failed, _out, err = run_import(path)
    assert failed
    assert "line 1 (id t-1): given_name must be text, not true." in err, err
    assert "line 2 (id t-2): sources item 2 must be text, not false." in err, err
    assert list(MemorialEntryPage.objects.values_list("identifier", flat=True)) == ["t-3"]


def test_null_items_in_a_json_lines_list_are_left_out_like_empty_ones(tmp_path, names):
    path = tmp_path / "rows.jsonl"
    row = {
        "id": "n-1",
        "given_name": "Ali",
        "name_variants": [None, "Алі", ""],
        "sources": ["Register A", None],
        "collection": "names",
    }
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    failed, _out, err = run_import(path)
    assert not failed, err
    entry = MemorialEntryPage.objects.get(identifier="n-1")
    assert [variant.name for variant in entry.name_variants.all()] == ["Алі"]
    assert [source.citation for source in entry.sources.all()] == ["Register A"]


def test_a_json_lines_object_naming_a_key_twice_is_a_row_error(tmp_path, names):
    path = tmp_path / "rows.jsonl"
    path.write_text(
        '{"id": "k-1", "family_name": "Varnoth", "family_name": "Quell", "collection": "names"}\n'
        '{"id": "k-2", "family_name": "Lea", "collection": "names"}\n',
        encoding="utf-8",
    )
    failed, _out, err = run_import(path)
    assert failed
    assert "line 1: the key 'family_name' appears more than once." in err, err
    assert list(MemorialEntryPage.objects.values_list("identifier", flat=True)) == ["k-2"]


def test_a_death_is_before_the_birth_only_as_far_as_both_precisions_tell(tmp_path, names):
    """'1942' is not before 'May 1942' (the death may be in December); 1 March is before 14 May."""
    path = tmp_path / "names.csv"
    path.write_text(
        HEADER
        + "p-1,Ali,Vənd,,,,m,1942-05,,,1942,,,,,,names\n"
        + "p-2,Lea,Orvel,,,,f,1942-05-14,,,1942-03-01,,,,,,names\n",
        encoding="utf-8",
    )
    failed, _out, err = run_import(path)
    assert failed
    assert "line 3 (id p-2): death_date is before birth_date" in err
    assert "p-1" not in err
    assert list(MemorialEntryPage.objects.values_list("identifier", flat=True)) == ["p-1"]


def test_a_place_typed_in_another_case_spacing_or_unicode_form_is_the_existing_place(
    tmp_path, names
):
    seki = PlaceFactory(name=unicodedata.normalize("NFC", "Şəki"), region="")
    guba = PlaceFactory(name="Guba", region="North")
    nfd = unicodedata.normalize("NFD", "şəki")
    path = tmp_path / "names.csv"
    path.write_text(
        HEADER
        + f'p-1,Ali,Vənd,,,,m,,,"{nfd} ",,,"guba,  north",,,,names\n'
        + 'p-2,Lea,Orvel,,,,f,,,ŞƏKi,,,"GUBA, North",,,,names\n'
        + 'p-3,Ola,Orvel,,,,f,,,"Lost  Hamlet",,,lost hamlet,,,,names\n',
        encoding="utf-8",
    )
    failed, _out, err = run_import(path)
    assert not failed, err
    places = {e.identifier: (e.birth_place, e.death_place) for e in MemorialEntryPage.objects.all()}
    assert places["p-1"] == places["p-2"] == (seki, guba)
    assert places["p-3"][0] == places["p-3"][1]
    assert places["p-3"][0].name in {"Lost Hamlet", "lost hamlet"}  # whichever came first
    assert Place.objects.count() == 3


def test_a_place_typed_in_azerbaijani_capitals_is_the_existing_place(tmp_path, names):
    dotted = PlaceFactory(name="Şəkilən", region="")
    dotless = PlaceFactory(name="Velmorlı", region="")
    path = tmp_path / "names.csv"
    path.write_text(HEADER + "p-1,Ali,Vənd,,,,m,,,ŞƏKİLƏN,,,VELMORLI,,,,names\n", encoding="utf-8")
    failed, _out, err = run_import(path)
    assert not failed, err
    entry = MemorialEntryPage.objects.get()
    assert (entry.birth_place, entry.death_place) == (dotted, dotless)
    assert Place.objects.count() == 2


def test_a_future_date_or_an_impossible_lifespan_is_a_row_error(tmp_path, names):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    path = tmp_path / "names.csv"
    path.write_text(
        HEADER
        + f"p-1,Ali,Vənd,,,,m,{tomorrow.isoformat()},,,,,,,,,names\n"
        + f"p-2,Lea,Orvel,,,,f,,,,{tomorrow.year + 1},,,,,,names\n"
        + "p-3,Ola,Orvel,,,,f,1700,,,1942,,,,,,names\n"
        + f"p-4,Ela,Orvel,,,,f,1931,,,{timezone.localdate().year},,,,,,names\n",
        encoding="utf-8",
    )
    failed, _out, err = run_import(path)
    assert failed
    assert "line 2 (id p-1): birth_date is after today." in err
    assert "line 3 (id p-2): death_date is after today." in err
    assert "line 4 (id p-3): the dates give an age at death of more than 130 years." in err
    assert list(MemorialEntryPage.objects.values_list("identifier", flat=True)) == ["p-4"]


def test_an_update_taking_a_date_away_takes_the_age_worked_out_from_it(tmp_path, names):
    typed = MemorialEntryPageFactory(
        parent=names, identifier="p-2", birth_date=None, death_date=None, age_at_death=38
    )
    path = tmp_path / "names.csv"
    path.write_text(
        HEADER
        + "p-1,Ali,Vənd,,,,m,1901-03-01,,,1942-05-14,,,,,,names\n"
        + f"p-2,{typed.given_name},{typed.family_name},,,,u,1901,,,,,,,,,names\n",
        encoding="utf-8",
    )
    run_import(path, update=True)
    assert MemorialEntryPage.objects.get(identifier="p-1").age_at_death == 41
    path.write_text(HEADER + "p-1,Ali,Vənd,,,,m,1901-03-01,,,,,,,,,names\n", encoding="utf-8")
    failed, _out, err = run_import(path, update=True)
    assert not failed, err
    assert MemorialEntryPage.objects.get(identifier="p-1").age_at_death is None
    assert MemorialEntryPage.objects.get(identifier="p-2").age_at_death == 38


def test_a_name_without_a_letter_is_a_row_error(tmp_path, names):
    path = tmp_path / "names.csv"
    path.write_text(
        HEADER + "p-1,Ali,...,,,,m,,,,,,,,,,names\np-2,Lea,Orvel,,?,,f,,,,,,,,,,names\n"
        "p-3,Ola,Orvel,,,,f,,,,,,,,,,names\n",
        encoding="utf-8",
    )
    failed, _out, err = run_import(path)
    assert failed
    assert "line 2 (id p-1): family_name '...' has no letter in it." in err
    assert "line 3 (id p-2): birth_name '?' has no letter in it." in err
    assert list(MemorialEntryPage.objects.values_list("identifier", flat=True)) == ["p-3"]


@pytest.mark.parametrize("rows, analysed", [(6, True), (2, False)])
def test_a_large_import_refreshes_the_planner_statistics(tmp_path, names, rows, analysed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is PostgreSQL's")
    path = write_csv(tmp_path / "rows.csv", fictional_records(rows))
    with (
        mock.patch("memorial.records.ingest.statistics.ANALYZE_AFTER_ROWS", 5),
        CaptureQueriesContext(connection) as queries,
    ):
        run_import(path)
    analyses = [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]
    assert MemorialEntryPage.objects.count() == rows
    assert bool(analyses) is analysed
    if analysed:
        assert any("wagtailcore_page" in sql for sql in analyses)
        assert any("entries_entrynamekey" in sql for sql in analyses)


def test_an_update_dry_run_counts_only_the_rows_that_would_change(tmp_path, names):
    """`--update --dry-run` says what the real run will say: a row equal to its entry is
    already present, not updated, and nothing is written (not even a new place)."""
    records = list(fictional_records(4))
    path = write_csv(tmp_path / "rows.csv", records)
    run_import(path)
    records[1]["occupation"] = "bookbinder"
    records[2]["death_place"] = "Qaraçay, Nowhere Region"
    write_csv(path, records)
    places = Place.objects.count()

    failed, out, _ = run_import(path, update=True, dry_run=True)

    assert not failed and "2 updated" in out and "2 already present" in out, out
    assert Place.objects.count() == places
    assert not MemorialEntryPage.objects.filter(occupation="bookbinder").exists()
    _, real, _ = run_import(path, update=True)
    assert "2 updated" in real and "2 already present" in real, real
