"""The bulk loader behind the official import and TPS generation (regions/services.py).

The rows below are from Sumatera Utara (12), which the session data does not load, so every test
starts from a tree without them; each test runs in a transaction that rolls back.
"""

import csv
import gzip

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from regions.choices import Level
from regions.models import Region
from regions.services import LoadResult, generate_tps, import_official_regions, region_bulk_load

pytestmark = pytest.mark.django_db

NORTH_SUMATRA = [
    ("12", "Sumatera Utara"),
    ("12.01", "Kabupaten Tapanuli Tengah"),
    ("12.01.01", "Barus"),
    ("12.01.01.1001", "Pasar Batu Gerigis"),
    ("12.01.01.2003", "Kampung Solok"),
    ("12.71", "Kota Medan"),
    ("12.71.01", "Medan Kota"),
    ("12.71.01.1001", "Pasar Baru"),
]


def subtree(code):
    return Region.objects.filter(code__startswith=code + ".") | Region.objects.filter(code=code)


class TestRegionBulkLoad:
    def test_first_load_creates_every_row(self):
        before = Region.objects.count()

        result = region_bulk_load(NORTH_SUMATRA)

        assert result == LoadResult(created=8, updated=0, unchanged=0)
        assert Region.objects.count() == before + 8
        assert dict(subtree("12").values_list("code", "name")) == dict(NORTH_SUMATRA)

    def test_loading_the_same_rows_again_creates_nothing(self):
        region_bulk_load(NORTH_SUMATRA)
        before = Region.objects.count()

        result = region_bulk_load(NORTH_SUMATRA)

        assert result == LoadResult(created=0, updated=0, unchanged=8)
        assert Region.objects.count() == before

    def test_rows_already_in_the_tree_are_unchanged(self):
        # Kabupaten Solok and Pantai Cermin come from the session data.
        result = region_bulk_load([("13.02", "Kabupaten Solok"), ("13.02.03", "Pantai Cermin")])

        assert result == LoadResult(created=0, updated=0, unchanged=2)

    def test_a_renamed_region_is_updated_in_place(self):
        region_bulk_load(NORTH_SUMATRA)
        renamed = [(c, "Kota Medan Baru" if c == "12.71" else n) for c, n in NORTH_SUMATRA]
        before = Region.objects.count()

        result = region_bulk_load(renamed)

        assert result == LoadResult(created=0, updated=1, unchanged=7)
        assert Region.objects.count() == before
        medan = Region.objects.get(code="12.71")
        assert (medan.name, medan.level, medan.parent_id) == ("Kota Medan Baru", Level.REGENCY, "12")
        assert list(medan.children.values_list("code", flat=True)) == ["12.71.01"]

    def test_new_renamed_and_unchanged_rows_in_one_load(self):
        region_bulk_load(NORTH_SUMATRA[:5])

        result = region_bulk_load([*NORTH_SUMATRA[:4], ("12.01.01.2003", "Kampung Solok Baru"), *NORTH_SUMATRA[5:]])

        assert result == LoadResult(created=3, updated=1, unchanged=4)
        assert Region.objects.get(code="12.01.01.2003").name == "Kampung Solok Baru"

    def test_an_empty_load_changes_nothing(self):
        assert region_bulk_load([]) == LoadResult(0, 0, 0)

    @pytest.mark.parametrize(
        ("code", "level", "parent"),
        [
            ("12", Level.PROVINCE, None),
            ("12.01", Level.REGENCY, "12"),
            ("12.71", Level.REGENCY, "12"),
            ("12.01.01", Level.DISTRICT, "12.01"),
            ("12.01.01.1001", Level.VILLAGE, "12.01.01"),
            ("12.01.01.2003", Level.VILLAGE, "12.01.01"),
        ],
    )
    def test_level_and_parent_come_from_the_dotted_code(self, code, level, parent):
        region_bulk_load(NORTH_SUMATRA)

        region = Region.objects.get(code=code)

        assert (region.level, region.parent_id) == (level, parent)
        region.full_clean()  # the stored row satisfies the model's own rules

    @pytest.mark.parametrize(
        ("code", "kind"),
        [
            ("12", "Province"),
            ("12.01", "Regency (kabupaten)"),
            ("12.71", "City (kota)"),
            ("12.01.01", "District (kecamatan)"),
            ("12.01.01.1001", "Kelurahan"),
            ("12.01.01.2003", "Desa"),
        ],
    )
    def test_kabupaten_kota_desa_kelurahan_come_from_the_code(self, code, kind):
        region_bulk_load(NORTH_SUMATRA)

        with translation.override("en"):
            assert str(Region.objects.get(code=code).kind_label) == kind

    @pytest.mark.parametrize(
        "code",
        [
            "",
            "1",
            "123",
            "13.2",
            "13.02.3",
            "13.02.03.201",
            "13.02.03.20011",
            "13.02.03.2001.01",
            "13.02.03.2001.0001",
            "13.02.03.2001.001.001",
            "13-02",
            "13.02.",
            ".13",
            "ab.cd",
            "13.02\n",  # a trailing newline from a hand-edited file
            "\u0661\u0663",  # Arabic-Indic digits are digits to Python's \d, not to Kemendagri
        ],
    )
    def test_an_invalid_code_is_rejected_and_nothing_is_stored(self, code):
        before = Region.objects.count()

        with translation.override("en"):
            with pytest.raises(ValidationError) as excinfo:
                region_bulk_load([*NORTH_SUMATRA, (code, "Salah")])
            assert excinfo.value.messages == [f"{code} is not an official region code."]
        assert Region.objects.count() == before

    @pytest.mark.skipif(connection.vendor != "sqlite", reason="the generic path's parameter limit is SQLite's")
    def test_the_generic_path_stays_under_the_sqlite_parameter_limit(self):
        # Builds without Debian's patch allow 32,766 parameters (older ones 999); the national import
        # loads 91,599 rows at once, so lookups must be chunked.  Lower the limit to make it bite here.
        import sqlite3

        connection.ensure_connection()
        raw = connection.connection
        old = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        try:
            villages = [(f"12.01.01.{2000 + i}", f"Desa {i}") for i in range(1, 1500)]
            rows = NORTH_SUMATRA[:3] + villages
            assert region_bulk_load(rows) == LoadResult(created=len(rows), updated=0, unchanged=0)
            assert region_bulk_load(rows) == LoadResult(created=0, updated=0, unchanged=len(rows))
        finally:
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, old)


def write_official_files(directory, rows):
    """The four gzip CSV files import_official_regions reads, in the shape of regions/data/."""
    parent_column = {"regencies": "province_code", "districts": "regency_code", "villages": "district_code"}
    by_file = {"provinces": [], "regencies": [], "districts": [], "villages": []}
    for code, name in rows:
        stem = list(by_file)[code.count(".")]
        by_file[stem].append((code, name))
    for stem, items in by_file.items():
        with gzip.open(directory / f"{stem}.csv.gz", "wt", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            if stem == "provinces":
                writer.writerow(["code", "name"])
                writer.writerows(items)
            else:
                writer.writerow(["code", parent_column[stem], "name"])
                writer.writerows((code, code.rsplit(".", 1)[0], name) for code, name in items)


class TestImportOfficialRegions:
    def test_import_is_idempotent_and_reports_counts(self, tmp_path):
        write_official_files(tmp_path, NORTH_SUMATRA)

        first = import_official_regions(tmp_path)
        second = import_official_regions(tmp_path)

        assert first == LoadResult(created=8, updated=0, unchanged=0)
        assert second == LoadResult(created=0, updated=0, unchanged=8)
        assert subtree("12").count() == 8

    def test_import_strips_spaces_around_codes_and_names(self, tmp_path):
        write_official_files(tmp_path, [(" 12 ", " Sumatera Utara "), ("12.71", "Kota Medan  ")])

        assert import_official_regions(tmp_path) == LoadResult(created=2, updated=0, unchanged=0)
        assert list(subtree("12").values_list("code", "name")) == [("12", "Sumatera Utara"), ("12.71", "Kota Medan")]

    def test_a_renamed_region_in_a_new_release_is_updated(self, tmp_path):
        write_official_files(tmp_path, NORTH_SUMATRA)
        import_official_regions(tmp_path)
        write_official_files(tmp_path, [(c, "Barus Raya" if c == "12.01.01" else n) for c, n in NORTH_SUMATRA])

        assert import_official_regions(tmp_path) == LoadResult(created=0, updated=1, unchanged=7)
        assert Region.objects.get(code="12.01.01").name == "Barus Raya"

    def test_a_bad_code_in_a_release_file_is_rejected(self, tmp_path):
        write_official_files(tmp_path, [*NORTH_SUMATRA, ("12.71.01.10", "Pendek")])

        with translation.override("en"), pytest.raises(ValidationError, match=r"12\.71\.01\.10 is not an official"):
            import_official_regions(tmp_path)
        assert not subtree("12").exists()


def tps_of(village_code):
    return list(Region.objects.filter(parent_id=village_code).order_by("code").values_list("code", "name", "level"))


class TestGenerateTps:
    # Payung Sekaki (13.02.05) has three villages and no TPS in the session data.
    VILLAGES = ["13.02.05.2001", "13.02.05.2002", "13.02.05.2003"]

    def test_every_village_of_the_region_gets_n_tps(self):
        assert list(Region.objects.filter(parent_id="13.02.05").values_list("code", flat=True)) == self.VILLAGES

        result = generate_tps(region_code="13.02.05", per_village=4)

        assert result == LoadResult(created=12, updated=0, unchanged=0)
        for village in self.VILLAGES:
            assert tps_of(village) == [(f"{village}.{n:03d}", f"TPS {n:03d}", Level.TPS) for n in range(1, 5)]

    def test_tps_codes_are_valid_and_hang_on_their_village(self):
        generate_tps(region_code="13.02.05", per_village=2)

        tps = Region.objects.get(code="13.02.05.2002.002")
        tps.full_clean()
        assert tps.parent.code == "13.02.05.2002"
        assert tps.parent.level == Level.VILLAGE
        assert tps.ancestor_codes() == ["13", "13.02", "13.02.05", "13.02.05.2002"]

    def test_a_second_run_creates_nothing(self):
        generate_tps(region_code="13.02.05", per_village=4)
        before = Region.objects.count()

        assert generate_tps(region_code="13.02.05", per_village=4) == LoadResult(created=0, updated=0, unchanged=12)
        assert Region.objects.count() == before

    def test_the_session_tps_are_already_there(self):
        assert generate_tps(region_code="13.02.03", per_village=3) == LoadResult(created=0, updated=0, unchanged=6)

    def test_raising_the_count_adds_only_the_missing_tps(self):
        generate_tps(region_code="13.02.05", per_village=2)

        assert generate_tps(region_code="13.02.05", per_village=3) == LoadResult(created=3, updated=0, unchanged=6)
        assert [c for c, _, _ in tps_of("13.02.05.2001")] == [f"13.02.05.2001.{n:03d}" for n in (1, 2, 3)]

    def test_a_village_code_as_region_gives_that_village_its_tps(self):
        result = generate_tps(region_code="13.02.05.2003", per_village=2)

        assert result == LoadResult(created=2, updated=0, unchanged=0)
        assert len(tps_of("13.02.05.2003")) == 2
        assert tps_of("13.02.05.2001") == []

    def test_a_regency_spans_all_its_districts(self):
        villages_in_solok = Region.objects.filter(level=Level.VILLAGE, code__startswith="13.02.").count()
        existing = Region.objects.filter(level=Level.TPS, code__startswith="13.02.").count()

        result = generate_tps(region_code="13.02", per_village=3)

        # 13.02.03 already has 3 per village, 13.02.04 has 2 and gets a third.
        assert result.created == 3 * villages_in_solok - existing
        assert result.unchanged == existing
        assert Region.objects.filter(level=Level.TPS, code__startswith="13.02.").count() == 3 * villages_in_solok

    def test_counts_per_village(self):
        counts = {"13.02.05.2001": 1, "13.02.05.2003": 5, "13.71.01.1001": 2}

        result = generate_tps(counts=counts)

        assert result == LoadResult(created=8, updated=0, unchanged=0)
        assert {v: len(tps_of(v)) for v in [*self.VILLAGES, "13.71.01.1001"]} == {
            "13.02.05.2001": 1,
            "13.02.05.2002": 0,
            "13.02.05.2003": 5,
            "13.71.01.1001": 2,
        }

    def test_counts_name_an_unknown_village(self):
        before = Region.objects.count()

        with pytest.raises(ValueError, match=r"unknown village codes: 13\.02\.05\.2999"):
            generate_tps(counts={"13.02.05.2001": 2, "13.02.05.2999": 2})
        assert Region.objects.count() == before

    def test_counts_that_name_a_district_instead_of_a_village_are_refused(self):
        with pytest.raises(ValueError, match=r"13\.02\.05"):
            generate_tps(counts={"13.02.05": 2})

    @pytest.mark.parametrize("n", [0, -1, 1000])
    def test_a_village_has_1_to_999_tps(self, n):
        before = Region.objects.count()

        with pytest.raises(ValueError, match="1 to 999"):
            generate_tps(region_code="13.02.05", per_village=n)
        assert Region.objects.count() == before

    def test_tps_999_is_the_last(self):
        generate_tps(counts={"13.02.05.2001": 999})

        assert Region.objects.filter(parent_id="13.02.05.2001").count() == 999
        assert Region.objects.filter(code="13.02.05.2001.999").exists()

    @pytest.mark.parametrize("code", ["99", "13.99", "13.02.99", "13.02.05.2999"])
    def test_an_unknown_region_is_an_error(self, code):
        with pytest.raises(ValueError, match=rf"unknown region: {code}"):
            generate_tps(region_code=code, per_village=2)
