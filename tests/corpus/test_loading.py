"""Loading sources into the database: counts, idempotency, stable anchors, and failures
that leave the database exactly as it was."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from corpus import linking, search
from corpus.loading import load_all, load_source, passage_anchors
from corpus.models import Episode, Passage, Source, Speaker, fingerprint
from corpus.search import search_passages
from corpus.source_files import CorpusImportError
from corpus.standards_loading import load_bundled_standards

SOURCES = Path(__file__).resolve().parents[2] / "corpus" / "sources"
IRISS = "iriss-relationships-matter"
SWE = "this-is-social-work"


@pytest.fixture
def hooks(monkeypatch):
    """Stand-ins for the linker and the search index, recording what the loader asks."""
    calls = []

    def link_source(source):
        calls.append(("link", source.slug, source.passages.count()))
        return {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}

    def reindex_source(source):
        calls.append(("reindex", source.slug, source.passages.count()))

    monkeypatch.setattr(linking, "link_source", link_source)
    monkeypatch.setattr(search, "reindex_source", reindex_source)
    monkeypatch.setattr(
        "corpus.management.commands.import_corpus.load_bundled_standards", lambda: {}
    )
    return calls


def copy_source(tmp_path, stem, slug=None):
    """A private copy of a bundled source (and its sidecar) that a test may edit."""
    document = tmp_path / f"{stem}.txt"
    shutil.copy(SOURCES / f"{stem}.txt", document)
    sidecar = (SOURCES / f"{stem}.yaml").read_text()
    if slug:
        sidecar = re.sub(r"(?m)^slug: .*$", f"slug: {slug}", sidecar)
    (tmp_path / f"{stem}.yaml").write_text(sidecar)
    return document


def snapshot():
    """Everything the loader writes, in a comparable form."""
    return {
        "sources": list(Source.objects.order_by("slug").values_list("slug", "title", "checksum")),
        "episodes": list(Episode.objects.order_by("pk").values_list("pk", "slug", "title")),
        "speakers": list(Speaker.objects.order_by("pk").values_list("pk", "name")),
        "passages": list(
            Passage.objects.order_by("pk").values_list(
                "pk", "anchor", "position", "text", "speaker_id", "episode_id"
            )
        ),
    }


# The bundled corpus --------------------------------------------------------------------


@pytest.mark.django_db
def test_bundled_sources_import_with_their_structure(hooks):
    reports = load_all()
    assert [(r.slug, r.ok, r.passages) for r in reports] == [
        ("careknowledge-relationships", True, 85),
        ("community-care-practice-leadership", True, 19),
        (IRISS, True, 22),
        (SWE, True, 627),
    ]
    swe = Source.objects.get(slug=SWE)
    assert swe.episodes.count() == 8
    assert swe.speakers.count() == 18
    # The page lists the newest first (episode_order: newest_first): numbers run oldest first.
    titles = list(swe.episodes.order_by("number").values_list("title", flat=True))
    assert titles[0].startswith("Standard 1:") and titles[-2:] == [
        "Diversity data, part 1",
        "Diversity data, part 2",
    ]
    episode = swe.episodes.get(number=6)
    assert episode.title == "Standard 6: promote ethical practice and report concerns"
    assert set(episode.passages.values_list("speaker__name", flat=True)) == {
        "Philippa",
        "Fran",
        "Julie",
    }
    assert swe.summary.startswith("This Is Social Work is a podcast from Social Work England")
    assert swe.publisher == "Social Work England"
    assert swe.speakers.get(name="George").role.startswith("Georgina Adams, lead forensic")

    iriss = Source.objects.get(slug=IRISS)
    assert str(iriss.published) == "2019-07-29"
    assert list(iriss.speakers.values_list("name", "initials")) == [("Jackie Irvine", "JI")]
    assert iriss.passages.filter(kind="quote").count() == 1

    comment = Passage.objects.get(
        source__slug="community-care-practice-leadership", kind="comment", position=17
    )
    assert comment.speaker.name == "David Steare"
    assert not Passage.objects.filter(
        source__slug="careknowledge-relationships", text__contains=" ? "
    ).exists()
    # Every source was linked and indexed after its passages were written.
    assert ("link", SWE, 627) in hooks and ("reindex", SWE, 627) in hooks


@pytest.mark.django_db
def test_passages_carry_anchor_position_and_line(hooks):
    load_source(SOURCES / f"{IRISS}.txt")
    first, second = Passage.objects.filter(source__slug=IRISS).order_by("position")[:2]
    assert (first.position, first.line, first.kind) == (1, 11, "heading")
    assert (second.position, second.line) == (2, 15)
    assert second.fingerprint == fingerprint(second.text)
    assert second.anchor == second.fingerprint[:10]
    assert re.fullmatch(r"[0-9a-f]{10}", second.anchor)


def test_repeated_text_gets_numbered_anchors():
    anchors = passage_anchors(["Yeah.", "Something else.", "yeah.", "Yeah."])
    base = fingerprint("Yeah.")[:10]
    assert [a for a, _ in anchors] == [
        base,
        fingerprint("Something else.")[:10],
        f"{base}-2",
        f"{base}-3",
    ]


@pytest.mark.django_db
def test_repeated_lines_in_the_podcast_keep_distinct_anchors(hooks):
    load_source(SOURCES / f"{SWE}.txt")
    anchors = list(
        Passage.objects.filter(source__slug=SWE, text="Yeah.")
        .order_by("position")
        .values_list("anchor", flat=True)
    )
    base = fingerprint("Yeah.")[:10]
    assert anchors == [base, f"{base}-2", f"{base}-3", f"{base}-4"]


# Idempotency ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_second_import_changes_nothing_and_skips_quickly(hooks, django_assert_max_num_queries):
    load_all()
    before = snapshot()
    with django_assert_max_num_queries(20):
        reports = load_all()
    assert all(r.skipped and r.created == 0 and r.changed == 0 for r in reports)
    assert snapshot() == before


@pytest.mark.django_db
def test_forced_reimport_of_unchanged_files_changes_nothing(hooks):
    load_all()
    before = snapshot()
    reports = load_all(force=True)
    assert [(r.skipped, r.created, r.updated, r.deleted) for r in reports] == [(False, 0, 0, 0)] * 4
    assert sum(r.unchanged for r in reports) == 85 + 19 + 22 + 627
    assert snapshot() == before


# Stable identity across edits ------------------------------------------------------------


@pytest.mark.django_db
def test_anchors_survive_a_paragraph_inserted_before_them(hooks, tmp_path):
    path = copy_source(tmp_path, IRISS)
    load_source(path)
    before = {
        p.anchor: (p.pk, p.text, p.position) for p in Passage.objects.filter(source__slug=IRISS)
    }

    text = path.read_text().replace(
        "So today, a wee bit of a cover",
        "JI An inserted paragraph about coffee.\n\nSo today, a wee bit of a cover",
    )
    path.write_text(text)
    report = load_source(path)

    after = {
        p.anchor: (p.pk, p.text, p.position) for p in Passage.objects.filter(source__slug=IRISS)
    }
    assert (report.created, report.deleted) == (1, 0)
    assert report.updated == 20  # the passages after the insertion moved down by one
    new_anchor = fingerprint("An inserted paragraph about coffee.")[:10]
    assert set(after) == set(before) | {new_anchor}
    for anchor, (pk, text, position) in before.items():
        assert after[anchor][:2] == (pk, text)  # same row, same text
        assert after[anchor][2] == (position if position <= 2 else position + 1)


@pytest.mark.django_db
def test_changed_and_removed_passages_are_replaced_and_deleted(hooks, tmp_path):
    path = copy_source(tmp_path, IRISS)
    load_source(path)
    removed = Passage.objects.get(source__slug=IRISS, position=3)
    text = path.read_text()
    paragraph = removed.text
    path.write_text(text.replace(paragraph + "\n\n", ""))
    report = load_source(path)
    assert (report.created, report.deleted, report.passages) == (0, 1, 21)
    assert not Passage.objects.filter(pk=removed.pk).exists()


@pytest.mark.django_db
def test_new_document_needs_only_its_file_and_sidecar(hooks, tmp_path):
    (tmp_path / "supervision-notes.txt").write_text(
        "Why supervision matters\n\nSupervision is where I reflect.\n\n"
        "What helps\n\n- Protected time\n- A supervisor who listens\n"
    )
    (tmp_path / "supervision-notes.yaml").write_text(
        "slug: supervision-notes\ntitle: Why supervision matters\nkind: article\n"
        "importer: article\nlicence: Written for the tests.\n"
    )
    report = load_source(tmp_path / "supervision-notes.txt")
    assert report.source_created and report.created == 4
    assert list(
        Passage.objects.filter(source__slug="supervision-notes").values_list("kind", "text")
    ) == [
        ("paragraph", "Supervision is where I reflect."),
        ("heading", "What helps"),
        ("list_item", "Protected time"),
        ("list_item", "A supervisor who listens"),
    ]


# Malformed input changes nothing --------------------------------------------------------


def unclosed_front_matter(path):
    path.write_text(path.read_text().replace("---\nShaping", "Shaping", 1))


def missing_sidecar_key(path):
    sidecar = path.with_suffix(".yaml")
    sidecar.write_text(re.sub(r"(?m)^kind: .*\n", "", sidecar.read_text()))


def unknown_importer(path):
    sidecar = path.with_suffix(".yaml")
    sidecar.write_text(
        sidecar.read_text().replace("importer: frontmatter_transcript", "importer: pdf")
    )


def paragraph_before_any_speaker(path):
    path.write_text(path.read_text().replace("JI I suppose quickly", "I suppose quickly", 1))


def unknown_episode_order(path):
    sidecar = path.with_suffix(".yaml")
    sidecar.write_text(sidecar.read_text() + "episode_order: backwards\n")


def invalid_utf8(path):
    data = path.read_bytes().replace(b"So today", b"So \xff\xfe today", 1)
    path.write_bytes(data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breaks", "file_suffix", "line", "message"),
    [
        (unclosed_front_matter, ".txt", 1, "never closed"),
        (missing_sidecar_key, ".yaml", None, "missing the required key(s): kind"),
        (unknown_importer, ".yaml", 5, "unknown importer 'pdf'"),
        (paragraph_before_any_speaker, ".txt", 15, "before any speaker"),
        (invalid_utf8, ".txt", 17, "not valid UTF-8"),
        (unknown_episode_order, ".yaml", 22, "episode_order must be one of oldest_first"),
    ],
)
def test_malformed_reimport_leaves_database_as_it_was(
    hooks, tmp_path, breaks, file_suffix, line, message
):
    path = copy_source(tmp_path, IRISS)
    load_source(path)
    load_source(SOURCES / f"{SWE}.txt")
    before = snapshot()

    breaks(path)
    with pytest.raises(CorpusImportError) as error:
        load_source(path)

    assert error.value.path.name == f"{IRISS}{file_suffix}"
    assert error.value.line == line
    assert message in str(error.value)
    assert f"{IRISS}{file_suffix}" in str(error.value)
    if line:
        assert f"line {line}" in str(error.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_file_over_the_size_limit_is_refused(hooks, tmp_path, settings):
    path = copy_source(tmp_path, IRISS)
    settings.CORPUS_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(CorpusImportError, match="over the limit of 1,000 bytes"):
        load_source(path)
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_failure_while_linking_rolls_the_whole_source_back(hooks, tmp_path, monkeypatch):
    path = copy_source(tmp_path, IRISS)
    load_source(path)
    before = snapshot()
    path.write_text(path.read_text().replace("So today", "JI New words.\n\nSo today", 1))

    def broken_linker(source):
        raise RuntimeError("linker failed")

    monkeypatch.setattr(linking, "link_source", broken_linker)
    with pytest.raises(RuntimeError):
        load_source(path)
    assert snapshot() == before


# The command --------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_imports_everything_and_prints_a_table(hooks):
    out = StringIO()
    call_command("import_corpus", stdout=out)
    output = out.getvalue()
    assert re.search(rf"{SWE}\s+8\s+627\s+627\s+0\s+0\s+0\s+0\s+0\s+0\s+new", output)
    assert "4 source(s) imported, 0 failed; 753 passage(s) created, 0 changed." in output

    out = StringIO()
    call_command("import_corpus", stdout=out)
    assert "4 source(s) imported, 0 failed; 0 passage(s) created, 0 changed." in out.getvalue()
    assert "unchanged (skipped)" in out.getvalue()


@pytest.mark.django_db
def test_command_reports_a_malformed_file_and_imports_the_others(hooks, tmp_path):
    broken = copy_source(tmp_path, IRISS, slug="broken-iriss")
    paragraph_before_any_speaker(broken)
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_corpus", str(broken), str(SOURCES / f"{SWE}.txt"), stdout=out)
    assert f"{broken}, line 15" in str(error.value)
    assert "FAILED" in out.getvalue()
    assert Source.objects.filter(slug=SWE).exists()
    assert not Source.objects.filter(slug="broken-iriss").exists()


@pytest.mark.django_db
def test_real_linking_and_search_run_inside_the_import():
    load_bundled_standards()
    report = load_source(SOURCES / f"{SWE}.txt")
    assert report.links["created"] > 0
    assert Passage.objects.filter(source__slug=SWE, links__kind="explicit").exists()
    assert search_passages('"fitness to practise"')
