"""The layout cache (dossiers/cache.py), section by section: a section is reused only while its HTML,
the files its layout fetched, the fonts and the software are the same; a damaged entry is laid out
again and never merged; a cache that cannot be written never fails a render; the sweep keeps it within
its bound, least recently used first; it is no download. The whole brief re-rendered after an edit is in
test_rerender.py."""

import os
import time
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from dossiers import cache, content, pdf
from dossiers.cache import LayoutCache, cache_storage
from dossiers.pdf import Section, lay_out


@pytest.fixture
def cache_dir(dossier_dir, tmp_path):
    """The cache storage in this test's own folder (set up by the dossier_dir fixture)."""
    return tmp_path / "dossier-cache"


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


def page_html(title: str, body: str, extra: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{content.css()}</style></head><body>"
        f"<h2>{title}</h2><p>{body}</p>{extra}</body></html>"
    )


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def run(sections, workdir: Path, **kwargs):
    """lay_out with a fresh LayoutCache, as one render uses it; (parts, stats)."""
    workdir.mkdir(exist_ok=True)
    layout_cache = LayoutCache()
    parts = lay_out(sections, workdir, processes=1, cache=layout_cache, **kwargs)
    return parts, layout_cache.stats


def entry_files(cache_dir: Path) -> list[Path]:
    return sorted(p for p in cache_dir.rglob("*") if p.is_file())


def test_a_section_is_reused_only_while_its_html_is_the_same(cache_dir, tmp_path, layouts):
    first = Section("a", page_html("BAGIAN SATU", "Termohon menolak dalil Pemohon."))
    second = Section("b", page_html("BAGIAN DUA", "Perolehan suara telah ditetapkan."))
    parts, stats = run([first, second], tmp_path / "w1")
    assert (stats.reused, stats.laid_out) == (0, 2) and sorted(layouts) == ["a", "b"]
    # The entry holds the section's PDF, pages and bookmarks, and nothing half written.
    names = [p.name for p in entry_files(cache_dir)]
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["json", "json", "pdf", "pdf"]
    assert not [n for n in names if n.startswith(".")]

    layouts.clear()
    edited = Section("b", page_html("BAGIAN DUA", "Perolehan suara telah ditetapkan dengan benar."))
    again, stats = run([first, edited], tmp_path / "w2")
    assert layouts == ["b"]
    assert (stats.reused, stats.laid_out) == (1, 1)
    assert again[0].pages == parts[0].pages and again[0].bookmarks == parts[0].bookmarks == [[1, "BAGIAN SATU", 0]]
    assert "Termohon menolak dalil Pemohon." in text_of(again[0].path)
    assert "ditetapkan dengan benar" in text_of(again[1].path)

    # Another PDF variant is another layout.
    layouts.clear()
    run([first], tmp_path / "w3", variant="pdf/a-2b")
    assert layouts == ["a"]


def test_a_changed_font_or_fetched_file_means_a_new_layout(cache_dir, tmp_path, layouts, monkeypatch):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "Extra.ttf").write_bytes(b"not really a font")
    monkeypatch.setattr(cache, "FONT_FOLDERS", (*cache.FONT_FOLDERS, str(fonts)))
    handed = tmp_path / "handed"
    handed.mkdir()
    picture = handed / "logo.png"
    picture.write_bytes(_png(color=(200, 0, 0)))
    section = Section("logo", page_html("LOGO", "Lambang.", f"<img src='{picture.as_uri()}' width='40'>"))

    run([section], tmp_path / "w1", files=[handed])
    run([section], tmp_path / "w2", files=[handed])
    assert layouts == ["logo"]  # the second time from the cache

    picture.write_bytes(_png(color=(0, 0, 200)))  # the same name, other bytes
    _parts, stats = run([section], tmp_path / "w3", files=[handed])
    assert layouts == ["logo", "logo"] and stats.reused == 0 and stats.damaged == 0

    (fonts / "Extra.ttf").write_bytes(b"another font, same name")
    os.utime(fonts / "Extra.ttf", ns=(time.time_ns(), time.time_ns() + 10**9))
    run([section], tmp_path / "w4", files=[handed])
    assert layouts == ["logo", "logo", "logo"]


def _png(color) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(out, format="PNG")
    return out.getvalue()


def _damage_truncate(pdf_file: Path, _json_file: Path) -> None:
    data = pdf_file.read_bytes()
    pdf_file.write_bytes(data[: len(data) // 2])


def _damage_swap(pdf_file: Path, _json_file: Path) -> None:
    """A whole, valid PDF, but another section's: the hash in the entry does not match."""
    other = pikepdf.new()
    other.add_blank_page()
    other.save(pdf_file)


def _damage_json(_pdf_file: Path, json_file: Path) -> None:
    json_file.write_bytes(json_file.read_bytes()[:20])


@pytest.mark.parametrize("damage", [_damage_truncate, _damage_swap, _damage_json])
def test_a_damaged_entry_is_laid_out_again_never_used(cache_dir, tmp_path, layouts, damage):
    section = Section("a", page_html("BAGIAN SATU", "Kalimat yang harus ada di halaman."))
    run([section], tmp_path / "w1")
    (pdf_file,) = cache_dir.rglob("*.pdf")
    (json_file,) = cache_dir.rglob("*.json")
    damage(pdf_file, json_file)

    (part,), stats = run([section], tmp_path / "w2")
    assert layouts == ["a", "a"]
    assert stats.damaged == 1 and stats.reused == 0
    assert "Kalimat yang harus ada di halaman." in text_of(part.path)
    assert part.pages == 1 and part.bookmarks == [[1, "BAGIAN SATU", 0]]
    # Written again, whole: the next render reuses it.
    (part,), stats = run([section], tmp_path / "w3")
    assert stats.reused == 1 and layouts == ["a", "a"]
    assert "Kalimat yang harus ada di halaman." in text_of(part.path)


def test_a_cache_that_cannot_be_written_never_fails_the_layout(cache_dir, tmp_path, layouts, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "put_as", full)
    (part,), stats = run([Section("a", page_html("SATU", "Isi."))], tmp_path / "w1")
    assert part.pages == 1 and stats.laid_out == 1
    assert entry_files(cache_dir) == []


def test_with_no_room_nothing_is_cached(cache_dir, tmp_path, layouts, settings):
    settings.DOSSIER_CACHE_MAX_BYTES = 0
    section = Section("a", page_html("SATU", "Isi."))
    run([section], tmp_path / "w1")
    run([section], tmp_path / "w2")
    assert layouts == ["a", "a"] and entry_files(cache_dir) == []


def _entry(tmp_path: Path, key: str, pages: int) -> None:
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page()
    path = tmp_path / f"{key}.pdf"
    document.save(path)
    LayoutCache().put(key, path, pages=pages, bookmarks=[], fetched=[])


def test_the_sweep_keeps_the_cache_within_its_bound_least_recently_used_first(cache_dir, tmp_path):
    keys = [f"{n:x}" * 64 for n in range(1, 5)]
    keys = [k[:64] for k in keys]
    now = time.time()
    for age, key in zip((400, 300, 200, 100), keys, strict=True):
        _entry(tmp_path, key, pages=20)
        for path in cache_dir.glob(f"{key[:2]}/{key}.*"):
            os.utime(path, (now - age * 60, now - age * 60))
    # The oldest entry was used just now: the least recently used is then the second.
    LayoutCache().get(keys[0], tmp_path / "hit.pdf", roots=[])
    stray = cache_dir / keys[1][:2] / f".{keys[1]}.pdf.abc.part"
    stray.write_bytes(b"half")
    os.utime(stray, (now - 7200, now - 7200))

    sizes = {key: sum(p.stat().st_size for p in cache_dir.glob(f"{key[:2]}/{key}.*")) for key in keys}
    bound = sizes[keys[0]] + sizes[keys[3]] + 10
    report = cache.sweep(max_bytes=bound)

    left = {p.name.split(".")[0] for p in entry_files(cache_dir)}
    assert left == {keys[0], keys[3]}
    assert not stray.exists()
    assert report["kept"] <= bound and report["entries"] == 4


def test_the_hourly_sweep_runs_the_cache_sweep(cache_dir, tmp_path, settings):
    from phpu import tasks

    _entry(tmp_path, "ab" * 32, pages=3)
    settings.DOSSIER_CACHE_MAX_BYTES = 1
    tasks.sweep_leftovers.apply(kwargs={"grace_seconds": 10**9}).get()
    assert entry_files(cache_dir) == []


@pytest.mark.django_db
def test_the_cache_is_no_download_and_no_stored_file_of_a_row(cache_dir, tmp_path, client, superuser, settings):
    from files.registry import STORAGE_KEYS

    assert cache.CACHE_STORAGE not in STORAGE_KEYS  # check_integrity and backup leave it alone
    key = "cd" * 32
    _entry(tmp_path, key, pages=1)
    client.force_login(superuser)
    for name in (f"{key[:2]}/{key}.pdf", f"{key[:2]}/{key}.json"):
        assert (cache_dir / name).is_file()
        for url in (cache_storage().url(name), f"{settings.MEDIA_URL}dossier-cache/{name}", f"/dossier-cache/{name}"):
            assert client.get(url).status_code == 404, url
