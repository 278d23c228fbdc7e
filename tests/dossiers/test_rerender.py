"""The brief rendered again after one claim's answer was edited, as the legal division does after every
answer: only that claim's section (and the contents, when its pages moved) is laid out again, the rest
comes from the layout cache (dossiers/cache.py); the PDF reads exactly as a render from scratch would, with
the new wording, its page numbers, contents and bookmarks right. Changing the stylesheet lays out
everything again. The job records how many sections it reused."""

import pytest

from cases.models import Claim
from dossiers import content, pdf
from tests.dossiers.test_pdfs import (
    assert_page_stamps,
    claim_heading_on,
    flat,
    manifest_pdf_text,
    outline_entries,
    page_texts,
    reader_of,
)
from tests.inventory.factories import make_evidence, pdf_bytes

pytestmark = pytest.mark.django_db

NEW_WORDING = "Termohon telah menghitung ulang seluruh suara di TPS tersebut secara terbuka"


@pytest.fixture
def layouts(monkeypatch):
    """Every layout process started, by section name."""
    started = []
    real = pdf._lay_out_one

    def counting(section, *args, **kwargs):
        started.append(section.name)
        return real(section, *args, **kwargs)

    monkeypatch.setattr(pdf, "_lay_out_one", counting)
    return started


def body(names) -> list[str]:
    """The brief's own sections among `names` (the manifest annex's are not part of the brief)."""
    return sorted(name for name in names if not name.startswith("manifest"))


def test_rerender_after_editing_one_claim_lays_out_only_that_claim(
    dossier_case, legal, request_job, render, layouts, monkeypatch, settings, tmp_path
):
    # Each claim in a section of its own, as in a large brief.
    monkeypatch.setattr(content, "CLAIM_WEIGHT_PER_SECTION", 1)
    first = render(request_job(legal, "brief", case=dossier_case))
    assert body(layouts) == ["claims-1", "claims-2", "claims-3", "eksepsi", "front", "petitum"]
    assert first.manifest["layout"]["reused"] == 0

    # The second claim's answer grows by a few pages: everything after it moves.
    claim = Claim.objects.filter(case=dossier_case).order_by("position")[1]
    old_wording = claim.response
    claim.response = "\n\n".join(f"{NEW_WORDING} (butir {n})." for n in range(1, 90))
    claim.save()
    layouts.clear()
    second = render(request_job(legal, "brief", case=dossier_case))
    assert body(layouts) == ["claims-2", "front"]
    layout = second.manifest["layout"]
    assert layout["reused"] == 4 and layout["damaged"] == 0
    assert layout["sections"] == layout["reused"] + layout["laid_out"]
    assert second.page_count > first.page_count

    texts = page_texts(reader_of(second))
    whole = flat(" ".join(texts))
    assert NEW_WORDING in whole and flat(old_wording) not in whole
    assert len(texts) == second.page_count
    assert_page_stamps(texts)
    # Bookmarks land on their headings, after the pages the edit added.
    entries = outline_entries(reader_of(second))
    for number in (c.number for c in Claim.objects.filter(case=dossier_case)):
        (page,) = [page for _depth, title, page in entries if title == f"Dalil {number}"]
        assert claim_heading_on(texts[page], number)
    petitum = [page for _depth, title, page in entries if title == "III. PETITUM"]
    assert petitum and "III. PETITUM" in texts[petitum[0]]

    # Exactly what a render from scratch gives: the same pages, contents and bookmarks.
    settings.DOSSIER_CACHE_MAX_BYTES = 0
    layouts.clear()
    fresh = render(request_job(legal, "brief", case=dossier_case))
    assert body(layouts) == ["claims-1", "claims-2", "claims-3", "eksepsi", "front", "petitum"]
    assert page_texts(reader_of(fresh)) == texts
    assert outline_entries(reader_of(fresh)) == entries

    # Another stylesheet: every section is laid out again.
    settings.DOSSIER_CACHE_MAX_BYTES = 2 * 1024**3
    css = tmp_path / "pdf.css"
    css.write_text(content.css() + "\nh2 { letter-spacing: 0.2pt; }\n", encoding="utf-8")
    monkeypatch.setattr(content, "CSS_PATH", css)
    layouts.clear()
    restyled = render(request_job(legal, "brief", case=dossier_case))
    assert body(layouts) == ["claims-1", "claims-2", "claims-3", "eksepsi", "front", "petitum"]
    assert restyled.manifest["layout"]["reused"] == 0


def test_an_unchanged_brief_reuses_every_section_and_the_contents(
    dossier_case, legal, request_job, render, layouts, monkeypatch
):
    # A fourth file, and a manifest cut one file per section: its first and last sections name the render.
    extra = make_evidence("13.02.03", kind="berita_acara", content=pdf_bytes("Surat keputusan"), name="sk.pdf")
    dossier_case.exhibits_list[3].evidence.set([extra])
    monkeypatch.setattr(content, "FILES_PER_MANIFEST_SECTION", 1)
    monkeypatch.setattr(content, "MANIFEST_EDGE", 1)
    first = render(request_job(legal, "brief", case=dossier_case))
    assert sorted(name for name in layouts if name.startswith("manifest")) == [f"manifest-{n}" for n in range(4)]
    layouts.clear()
    second = render(request_job(legal, "brief", case=dossier_case))
    # Only the manifest annex's first and last sections are new: they name the PDF, the job and the time.
    assert sorted(layouts) == ["manifest-0", "manifest-3"]
    assert page_texts(reader_of(second)) == page_texts(reader_of(first))
    layout = second.manifest["layout"]
    assert (layout["laid_out"], layout["reused"]) == (2, layout["sections"] - 2)

    annex = flat(manifest_pdf_text(second))
    assert second.sha256[:32] in annex and f"Nomor ekspor : {second.pk}" in annex
    for number, item in enumerate(second.manifest["files"], start=1):
        assert annex.count(item["sha256"][:32]) == 1
        assert f" {number} " in annex
