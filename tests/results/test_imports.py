"""Imports of the official figures: Sirekap JSON per TPS and the D.Hasil sheet. All or nothing, errors
by row and column, only inside the importer's reach, the same file twice changes nothing, a changed
figure is a new version that keeps the old one."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from accounts.choices import Role
from results.dhasil import dhasil_import
from results.models import ResultImport, Tally, TallyVote
from results.sirekap import sirekap_import
from tests.results.helpers import FIXTURES, pair, upload

pytestmark = pytest.mark.django_db

TPS_CLEAN = "13.02.03.2001.001"
TPS_LATE = "13.02.03.2002.003"


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03")


def _sirekap(actor, contest, name="pantai_cermin.json", content=None):
    with translation.override("en"):
        return sirekap_import(actor=actor, contest=contest, file=upload(name, content), name=name)


def test_sirekap_file_of_a_kecamatan(ppk, ppwp):
    result, stored = _sirekap(ppk, ppwp)
    assert result.ok, result.errors
    assert (stored.locations, stored.changed) == (6, 6)
    tally = Tally.objects.get(region_id=TPS_CLEAN, current=True)
    assert (tally.dpt, tally.voters_dpt, tally.voters_dptb, tally.voters_dpk, tally.voters) == (250, 190, 6, 4, 200)
    assert (tally.valid, tally.invalid, tally.counted, tally.version) == (195, 5, 200, 1)
    assert tally.dptb is None and tally.ballots_received is None  # Sirekap does not give them: unknown
    assert tally.recorded_at == dt.datetime(2024, 2, 15, 10, 21, 5, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert dict(TallyVote.objects.filter(tally=tally).values_list("participant__ballot_number", "votes")) == {
        1: 40,
        2: 120,
        3: 35,
    }
    late = Tally.objects.get(region_id=TPS_LATE, current=True)
    assert late.valid is None and late.dpt is None
    # A null in the chart is no row at all, not a zero.
    assert dict(TallyVote.objects.filter(tally=late).values_list("participant__ballot_number", "votes")) == {
        1: 20,
        3: 15,
    }
    assert ResultImport.objects.get().region_id == "13.02.03"


def test_the_same_file_again_changes_nothing(ppk, ppwp):
    _sirekap(ppk, ppwp)
    result, stored = _sirekap(ppk, ppwp)
    assert result.ok
    assert (stored.batch, stored.changed) == (None, 0)
    assert Tally.objects.count() == 6
    assert ResultImport.objects.count() == 1


def test_a_changed_tps_is_a_new_version_and_the_old_one_stays(ppk, ppwp):
    _sirekap(ppk, ppwp)
    result, stored = _sirekap(ppk, ppwp, "1302032002003.json")
    assert result.ok, result.errors
    assert stored.changed == 1
    versions = Tally.objects.filter(region_id=TPS_LATE).order_by("version")
    assert [(t.version, t.current, t.valid) for t in versions] == [(1, False, None), (2, True, 125)]
    assert TallyVote.objects.filter(tally=versions[0]).count() == 2  # the old votes are kept
    assert TallyVote.objects.get(tally=versions[1], participant=pair(ppwp, 2)).votes == 90
    assert Tally.objects.filter(current=True).count() == 6


def test_one_bad_tps_stores_nothing_and_says_where(ppk, ppwp):
    data = json.loads((FIXTURES / "pantai_cermin.json").read_text())
    data["1302032001002"]["administrasi"]["suara_sah"] = "185"
    data["1302032002001"]["chart"]["999999"] = 4
    result, stored = _sirekap(ppk, ppwp, content=json.dumps(data).encode())
    assert stored is None
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "1302032001002 administrasi.suara_sah"),
        (4, "1302032002001 chart.999999"),
    ]
    assert "not linked to a participant" in result.errors[1].message
    assert not Tally.objects.exists()
    assert not ResultImport.objects.exists()


def test_an_unknown_tps_stores_nothing(ppk, ppwp):
    data = json.loads((FIXTURES / "pantai_cermin.json").read_text())
    data["1302032001999"] = data["1302032001001"]
    result, stored = _sirekap(ppk, ppwp, content=json.dumps(data).encode())
    assert stored is None
    assert [(e.row, e.column) for e in result.errors] == [(7, "tps")]
    assert "13.02.03.2001.999" in result.errors[0].message
    assert not Tally.objects.exists()


def test_outside_the_importers_reach_is_refused(make_user, ppwp):
    other = make_user(Role.PPK, "13.02.04")
    result, stored = _sirekap(other, ppwp)
    assert stored is None
    assert len(result.errors) == 6
    assert all(e.column == "tps" and "may not import" in e.message for e in result.errors)
    assert not Tally.objects.exists()


def test_a_single_tps_file_needs_its_code_as_name(ppk, ppwp):
    from core.errors import ApplicationError

    content = (FIXTURES / "1302032002003.json").read_bytes()
    with pytest.raises(ApplicationError):
        _sirekap(ppk, ppwp, "tps.json", content)


# D.Hasil -------------------------------------------------------------------------------------------


def _dhasil(actor, contest, content: bytes, name="d_hasil.csv"):
    with translation.override("en"):
        return dhasil_import(actor=actor, contest=contest, file=upload(name, content), name=name)


def test_dhasil_sheet_of_a_kecamatan(ppk, ppwp):
    result, stored = _dhasil(ppk, ppwp, (FIXTURES / "d_hasil_pantai_cermin.csv").read_bytes())
    assert result.ok, result.errors
    tally = Tally.objects.get(region_id="13.02.03")
    assert (tally.dpt, tally.voters, tally.valid, tally.invalid) == (1410, 1215, 1185, None)
    votes = dict(TallyVote.objects.filter(tally=tally).values_list("participant__ballot_number", "votes"))
    assert votes == {1: 300, 2: 545, 3: 340}
    assert tally.batch.source == "d_hasil"
    again, stored = _dhasil(ppk, ppwp, (FIXTURES / "d_hasil_pantai_cermin.csv").read_bytes())
    assert again.ok and stored.changed == 0
    assert Tally.objects.count() == 1


def test_dhasil_errors_by_row_and_column_store_nothing(ppk, ppwp):
    content = (
        b"location_code,dpt,valid,votes_1,votes_2\n13.02.03,1410,abc,300,540\n13.02.03.2001,10,,,\n13.02.03,1,,,\n"
    )
    result, stored = _dhasil(ppk, ppwp, content)
    assert stored is None
    assert [(e.row, e.column, e.letter) for e in result.errors] == [
        (2, "valid", "H"),
        (3, "location_code", "A"),
        (4, "location_code", "A"),
    ]
    assert not Tally.objects.exists()


def test_dhasil_outside_reach_is_refused(make_user, ppwp):
    ppk = make_user(Role.PPK, "13.02.04")
    result, stored = _dhasil(ppk, ppwp, b"location_code,valid\n13.02.03,5\n")
    assert stored is None
    assert [(e.row, e.column) for e in result.errors] == [(2, "location_code")]
    assert not Tally.objects.exists()


def test_the_command_imports_files_and_says_which_failed(ppwp, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "1302032001001.json"
    bad.write_text('{"chart": {"100025": -1}}')
    with pytest.raises(CommandError, match="1 of 2 files not imported"):
        call_command(
            "import_results",
            "--contest",
            str(ppwp.pk),
            "--kind",
            "sirekap",
            str(FIXTURES / "pantai_cermin.json"),
            str(bad),
        )
    assert Tally.objects.filter(current=True).count() == 6  # the good file is in, the bad one is not


def test_sirekap_status_and_images_are_kept_with_the_version(ppk, ppwp):
    data = json.loads((FIXTURES / "pantai_cermin.json").read_text())
    tps = data["1302032001001"]
    tps["status_suara"], tps["status_adm"] = False, None
    tps["images"] = ["https://sirekap.example/1302032001001-1.jpg", None, "https://sirekap.example/1302032001001-3.jpg"]
    result, _stored = _sirekap(ppk, ppwp, content=json.dumps(data).encode())
    assert result.ok, result.errors
    tally = Tally.objects.get(region_id=TPS_CLEAN, current=True)
    assert (tally.status_suara, tally.status_adm) == (False, None)
    assert tally.images == [
        "https://sirekap.example/1302032001001-1.jpg",
        None,
        "https://sirekap.example/1302032001001-3.jpg",
    ]
    assert Tally.objects.get(region_id=TPS_LATE, current=True).status_suara is True

    # Sirekap confirms the votes later, the numbers unchanged: a new version, the old status kept.
    tps["status_suara"] = True
    result, stored = _sirekap(ppk, ppwp, content=json.dumps(data).encode())
    assert result.ok and stored.changed == 1
    versions = Tally.objects.filter(region_id=TPS_CLEAN).order_by("version")
    assert [(t.version, t.current, t.status_suara) for t in versions] == [(1, False, False), (2, True, True)]
    # Only the time at the source changes: nothing new.
    tps["ts"] = "2024-02-17 09:00:00"
    assert _sirekap(ppk, ppwp, content=json.dumps(data).encode())[1].changed == 0


def test_a_bad_status_or_image_is_an_error_at_its_tps(ppk, ppwp):
    data = json.loads((FIXTURES / "pantai_cermin.json").read_text())
    data["1302032001002"]["status_adm"] = "ya"
    data["1302032002001"]["images"] = ["javascript:alert(1)"]
    result, stored = _sirekap(ppk, ppwp, content=json.dumps(data).encode())
    assert stored is None and not Tally.objects.exists()
    assert {(e.row, e.column) for e in result.errors} == {
        (2, "1302032001002 status_adm"),
        (4, "1302032002001 images.0"),
    }
