"""`manage.py import_regions` and `manage.py generate_tps`, as an operator runs them."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from regions.choices import Level
from regions.models import Region

pytestmark = pytest.mark.django_db

# Payung Sekaki (13.02.05): three villages, no TPS in the session data.
PAYUNG_SEKAKI = ["13.02.05.2001", "13.02.05.2002", "13.02.05.2003"]
NATIONAL = 38 + 514 + 7285 + 83762  # provinces, regencies/cities, kecamatan, desa/kelurahan


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def reported(output, label):
    match = re.search(rf"{label}: (\d+) created, (\d+) renamed, (\d+) unchanged", output)
    assert match, output
    return tuple(int(n) for n in match.groups())


def tps_count(village):
    return Region.objects.filter(parent_id=village, level=Level.TPS).count()


class TestImportRegions:
    def test_national_import_fills_the_tree_once(self):
        already = Region.objects.exclude(level=Level.TPS).count()

        first = reported(run("import_regions"), "Regions")
        second = reported(run("import_regions"), "Regions")

        assert first == (NATIONAL - already, 0, already)
        assert second == (0, 0, NATIONAL)
        assert Region.objects.exclude(level=Level.TPS).count() == NATIONAL
        assert Region.objects.filter(level=Level.PROVINCE).count() == 38
        assert Region.objects.filter(level=Level.REGENCY).count() == 514
        # Every region but the provinces hangs on a stored parent one level up.
        assert not Region.objects.exclude(level__in=[Level.PROVINCE, Level.TPS]).filter(parent__isnull=True).exists()
        padang = Region.objects.get(code="13.71")
        assert (padang.name, padang.parent_id, padang.level) == ("Kota Padang", "13", Level.REGENCY)

    def test_a_local_rename_is_put_back_by_the_next_import(self):
        Region.objects.filter(code="13.02").update(name="Kab. Solok (typo)")
        already = Region.objects.exclude(level=Level.TPS).count()

        assert reported(run("import_regions"), "Regions") == (NATIONAL - already, 1, already - 1)
        assert Region.objects.get(code="13.02").name == "Kabupaten Solok"


class TestGenerateTpsCommand:
    def test_per_village(self):
        output = run("generate_tps", "--region", "13.02.05", "--per-village", "2")

        assert reported(output, "TPS") == (6, 0, 0)
        assert {v: tps_count(v) for v in PAYUNG_SEKAKI} == dict.fromkeys(PAYUNG_SEKAKI, 2)
        assert list(Region.objects.filter(parent_id="13.02.05.2001").values_list("code", "name")) == [
            ("13.02.05.2001.001", "TPS 001"),
            ("13.02.05.2001.002", "TPS 002"),
        ]

    def test_a_re_run_reports_everything_unchanged(self):
        run("generate_tps", "--region", "13.02.05", "--per-village", "2")

        assert reported(run("generate_tps", "--region", "13.02.05", "--per-village", "2"), "TPS") == (0, 0, 6)
        assert Region.objects.filter(code__startswith="13.02.05.", level=Level.TPS).count() == 6

    def test_counts_csv(self, tmp_path):
        counts = tmp_path / "tps.csv"
        counts.write_text("village_code,count\n13.02.05.2001,4\n 13.02.05.2003 ,1\n13.71.01.1001,3\n", encoding="utf-8")

        output = run("generate_tps", "--counts", str(counts))

        assert reported(output, "TPS") == (8, 0, 0)
        assert [tps_count(v) for v in [*PAYUNG_SEKAKI, "13.71.01.1001"]] == [4, 0, 1, 3]
        assert reported(run("generate_tps", "--counts", str(counts)), "TPS") == (0, 0, 8)

    def test_counts_csv_saved_by_a_spreadsheet_with_a_byte_order_mark(self, tmp_path):
        counts = tmp_path / "tps.csv"
        counts.write_text("village_code,count\r\n13.02.05.2002,2\r\n", encoding="utf-8-sig")

        assert reported(run("generate_tps", "--counts", str(counts)), "TPS") == (2, 0, 0)
        assert tps_count("13.02.05.2002") == 2

    def test_counts_csv_with_an_unknown_village(self, tmp_path):
        counts = tmp_path / "tps.csv"
        counts.write_text("village_code,count\n13.02.05.2001,2\n13.02.05.2999,2\n", encoding="utf-8")

        with pytest.raises(CommandError, match=r"unknown village codes: 13\.02\.05\.2999"):
            run("generate_tps", "--counts", str(counts))
        assert tps_count("13.02.05.2001") == 0

    @pytest.mark.parametrize(
        "content",
        [
            "village,count\n13.02.05.2001,2\n",
            "village_code,count\n13.02.05.2001,dua\n",
            "village_code\n13.02.05.2001\n",
            "village_code,count\n13.02.05.2002,2\n13.02.05.2001\n",
        ],
        ids=["wrong-header", "not-a-number", "missing-column", "short-row"],
    )
    def test_an_unreadable_counts_csv_is_refused(self, tmp_path, content):
        counts = tmp_path / "tps.csv"
        counts.write_text(content, encoding="utf-8")

        with pytest.raises(CommandError, match=rf"Cannot read {re.escape(str(counts))}"):
            run("generate_tps", "--counts", str(counts))
        assert tps_count("13.02.05.2001") == 0

    def test_a_missing_counts_file_is_refused(self, tmp_path):
        with pytest.raises(CommandError, match="Cannot read"):
            run("generate_tps", "--counts", str(tmp_path / "missing.csv"))

    @pytest.mark.parametrize("args", [[], ["--per-village", "2", "--counts", "x.csv"]], ids=["neither", "both"])
    def test_exactly_one_of_per_village_or_counts(self, args):
        with pytest.raises(CommandError, match="exactly one of --per-village N or --counts FILE"):
            run("generate_tps", "--region", "13.02.05", *args)

    @pytest.mark.parametrize("code", ["99.99", "13.02.99", "13.2"])
    def test_an_unknown_region_is_an_error_not_a_silent_no_op(self, code):
        with pytest.raises(CommandError, match=rf"unknown region: {re.escape(code)}"):
            run("generate_tps", "--region", code, "--per-village", "2")

    def test_a_count_out_of_range_is_an_error(self):
        with pytest.raises(CommandError, match="1 to 999"):
            run("generate_tps", "--region", "13.02.05", "--per-village", "1000")
        assert not Region.objects.filter(code__startswith="13.02.05.", level=Level.TPS).exists()
