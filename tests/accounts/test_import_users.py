"""Provisioning accounts from a CSV with `manage.py import_users`: all rows or none."""

import csv
import io
import os
import re
import stat
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Assignment, User
from accounts.provisioning import COLUMNS, parse_users_csv

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
NEXT_YEAR = timezone.localdate().year + 1

GOOD_ROWS = [
    f"ppk.pantaicermin.1,Andi Saputra,andi@kpu.example,0812000001,ppk,13.02.03,{NEXT_YEAR}-03-31",
    "ppk.lembahgumanti.1,Budi Santoso,,,ppk,13.02.04,",
    "pps.surian,Citra Lestari,citra@kpu.example,,pps,13.02.03.2002,",
    "kpps.surian.001,Dewi Anggraini,,0813000002,kpps,13.02.03.2002.001,",
    "hukum.solok,Eko Prasetyo,eko@kpu.example,,legal,13.02,",
    "pemantau.ri,Fajar Nugroho,,,viewer,,",
]


def write(tmp_path, rows, header=HEADER, name="users.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run(path, links, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_users", str(path), links_out=str(links), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


LINE = re.compile(r"^\S+ (\d+), ([\w, ]+): (.+)$")  # "row 3, region_code: ..." in any language


def reported(lines):
    """(row, column) pairs from the command's error lines, whatever the language of the words around them."""
    pairs = []
    for line in lines:
        match = LINE.match(line)
        assert match, f"not a row error: {line!r}"
        pairs.append((int(match[1]), match[2]))
    return pairs


def run_failing(path, links, **options):
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_users", str(path), links_out=str(links), stdout=io.StringIO(), stderr=err, **options)
    return str(caught.value), err.getvalue().splitlines()


def test_good_file_creates_every_user_and_assignment(tmp_path):
    links = tmp_path / "links.csv"

    out, _ = run(write(tmp_path, GOOD_ROWS), links)

    assert "6" in out
    assert User.objects.count() == 6
    andi = User.objects.get(username="ppk.pantaicermin.1")
    assert (andi.full_name, andi.email, andi.phone) == ("Andi Saputra", "andi@kpu.example", "0812000001")
    assert not andi.has_usable_password()
    assignment = andi.assignments.get()
    assert (assignment.role, assignment.region_id) == (Role.PPK, "13.02.03")
    # A date means the end of that day in Jakarta.
    local = timezone.localtime(assignment.valid_until)
    assert (local.date().isoformat(), local.hour, local.minute) == (f"{NEXT_YEAR}-03-31", 23, 59)
    assert str(local.tzinfo) == "Asia/Jakarta"
    held = set(Assignment.objects.values_list("user__username", "role", "region_id"))
    assert held == {
        ("ppk.pantaicermin.1", "ppk", "13.02.03"),
        ("ppk.lembahgumanti.1", "ppk", "13.02.04"),
        ("pps.surian", "pps", "13.02.03.2002"),
        ("kpps.surian.001", "kpps", "13.02.03.2002.001"),
        ("hukum.solok", "legal", "13.02"),
        ("pemantau.ri", "viewer", None),
    }
    assert Assignment.objects.filter(valid_until__isnull=True).count() == 5


def test_links_file_is_private_and_has_one_working_link_per_user(tmp_path, client):
    links = tmp_path / "links.csv"

    run(write(tmp_path, GOOD_ROWS), links, base_url="https://siaga.kpu.example/")

    assert stat.S_IMODE(os.stat(links).st_mode) == 0o600
    with open(links, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["username"] for r in rows] == [line.split(",")[0] for line in GOOD_ROWS]
    assert all(r["setup_link"].startswith("https://siaga.kpu.example/accounts/setup/") for r in rows)
    assert len({r["setup_link"] for r in rows}) == len(rows)
    # The link really lets the person choose a password.
    path = rows[0]["setup_link"].removeprefix("https://siaga.kpu.example")
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"new_password1": "kursi-merah-2024-x", "new_password2": "kursi-merah-2024-x"})
    assert response.status_code == 302
    assert User.objects.get(username=rows[0]["username"]).check_password("kursi-merah-2024-x")


def test_links_file_replaced_with_mode_0600_even_if_it_existed(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text("old content\n")
    links.chmod(0o644)

    run(write(tmp_path, GOOD_ROWS[:1]), links)

    # os.open's mode applies only to new files: an existing world-readable file must not keep its mode.
    assert stat.S_IMODE(os.stat(links).st_mode) == 0o600
    assert "old content" not in links.read_text()


BAD_ROWS = [
    # row 2 is good
    "ok.user,Orang Baik,ok@kpu.example,,ppk,13.02.03,",
    # row 3: unknown region
    "x.region,Salah Wilayah,,,ppk,13.02.99,",
    # row 4: bad role
    "x.role,Salah Peran,,,ketua,13.02,",
    # row 5: role not fitting the level
    "x.level,Salah Tingkat,,,ppk,13.02,",
    # row 6: duplicate of row 2
    "ok.user,Orang Kembar,,,pps,13.02.03.2002,",
    # row 7: bad date
    "x.date,Salah Tanggal,,,viewer,13.02,31-12-2030",
    # row 8: bad email
    "x.email,Salah Surel,not-an-email,,viewer,13.02,",
    # row 9: date in the past
    "x.past,Sudah Lewat,,,viewer,13.02,2000-01-01",
    # row 10: username with a space, no full name
    "x y,,,,viewer,13.02,",
    # row 11: impossible date
    f"x.feb,Tanggal Mustahil,,,viewer,13.02,{NEXT_YEAR}-02-30",
]


def test_bad_rows_create_nothing_and_every_error_is_reported(tmp_path):
    links = tmp_path / "links.csv"
    users_before = User.objects.count()

    message, lines = run_failing(write(tmp_path, BAD_ROWS), links)

    assert User.objects.count() == users_before
    assert Assignment.objects.count() == 0
    assert not links.exists()
    assert sorted(reported(lines)) == [
        (3, "region_code"),
        (4, "role"),
        (5, "role"),
        (6, "username"),
        (7, "valid_until"),
        (8, "email"),
        (9, "valid_until"),
        (10, "full_name"),
        (10, "username"),
        (11, "valid_until"),
    ]
    assert f"{len(lines)} error(s)" in message
    assert any("13.02.99" in line for line in lines)


def test_one_bad_row_among_many_good_stops_all(tmp_path):
    rows = [*GOOD_ROWS, "x.region,Salah Wilayah,,,ppk,99.99.99,"]

    _, lines = run_failing(write(tmp_path, rows), tmp_path / "links.csv")

    assert reported(lines) == [(8, "region_code")]
    assert "99.99.99" in lines[0]
    assert User.objects.count() == 0


def test_missing_column_reported(tmp_path):
    header = "username,full_name,email,phone,role,region"  # region instead of region_code, no valid_until
    _, lines = run_failing(write(tmp_path, ["a,A,,,viewer,13.02"], header=header), tmp_path / "l.csv")

    assert reported(lines) == [(1, "region_code, valid_until")]
    assert User.objects.count() == 0


def test_reimport_refuses_existing_usernames_and_adds_nothing(tmp_path):
    path = write(tmp_path, GOOD_ROWS)
    run(path, tmp_path / "first.csv")
    snapshot = sorted(Assignment.objects.values_list("pk", "user__username", "role", "region_id"))

    _, lines = run_failing(path, tmp_path / "second.csv")

    assert reported(lines) == [(n, "username") for n in range(2, len(GOOD_ROWS) + 2)]
    assert sorted(Assignment.objects.values_list("pk", "user__username", "role", "region_id")) == snapshot
    assert not (tmp_path / "second.csv").exists()


def test_reimport_with_only_new_rows_adds_them(tmp_path):
    run(write(tmp_path, GOOD_ROWS[:2]), tmp_path / "first.csv")

    run(write(tmp_path, GOOD_ROWS[2:], name="more.csv"), tmp_path / "second.csv")

    assert User.objects.count() == len(GOOD_ROWS)


def test_actor_limits_the_rows(tmp_path, office):
    rows = [
        "ppk.dalam,Di Dalam,,,ppk,13.02.03,",
        "ppk.luar,Di Luar,,,ppk,13.01.01,",  # row 3: beside the actor's regency
        "ketua.prov,Ketua,,,commissioner,13,",  # row 4: above
    ]
    before = User.objects.count()

    _, lines = run_failing(write(tmp_path, rows), tmp_path / "l.csv", actor=office.username)

    assert reported(lines) == [(3, "region_code"), (4, "region_code")]
    assert User.objects.count() == before


def test_secretariat_may_not_import_a_role_doing_more_than_it_does(tmp_path, make_user):
    secretariat = make_user(Role.SECRETARIAT, "13.02", username="sekretariat.solok")
    rows = [
        "ppk.dalam,Di Dalam,,,ppk,13.02.03,",
        "hukum.baru,Hukum Baru,,,legal,13.02,",  # row 3: manages cases, which the secretariat does not
        "teknis.baru,Teknis Baru,,,technical,13.02,",  # row 4: verifies evidence, exports dossiers
        "sekretariat.baru,Sekretariat Baru,,,secretariat,13.02,",
    ]
    before = User.objects.count()

    _, lines = run_failing(write(tmp_path, rows), tmp_path / "l.csv", actor=secretariat.username)

    assert reported(lines) == [(3, "region_code"), (4, "region_code")]
    assert User.objects.count() == before


def test_actor_is_recorded_as_creator(tmp_path, office):
    run(write(tmp_path, GOOD_ROWS[:2]), tmp_path / "l.csv", actor=office.username)

    created = Assignment.objects.exclude(user=office)
    assert created.count() == 2
    assert {a.created_by_id for a in created} == {office.pk}


def test_unknown_actor_refused(tmp_path):
    with pytest.raises(CommandError, match="nobody"):
        call_command("import_users", str(write(tmp_path, GOOD_ROWS)), links_out=str(tmp_path / "l.csv"), actor="nobody")
    assert User.objects.count() == 0


def test_unwritable_links_file_stores_nothing(tmp_path):
    with pytest.raises(CommandError, match="no-such-dir"):
        call_command(
            "import_users", str(write(tmp_path, GOOD_ROWS)), links_out=str(tmp_path / "no-such-dir" / "links.csv")
        )

    # Accounts without their setup links would be stranded: a re-import refuses existing usernames.
    assert User.objects.count() == 0


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_users", str(tmp_path / "absent.csv"), links_out=str(tmp_path / "l.csv"))


def test_bom_and_windows_line_endings_are_accepted(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *GOOD_ROWS[:2]]) + "\r\n").encode("utf-8"))

    run(path, tmp_path / "l.csv")

    assert User.objects.count() == 2


def test_datetime_without_zone_is_jakarta_time():
    parsed = parse_users_csv("\n".join([HEADER, f"a,A,,,viewer,13.02,{NEXT_YEAR}-06-01T08:00:00"]), actor=None)

    assert not parsed.errors
    moment = parsed.rows[0]["valid_until"]
    assert moment == datetime(NEXT_YEAR, 6, 1, 8, 0, tzinfo=dt_timezone(timedelta(hours=7)))


def test_too_long_values_are_row_errors(tmp_path):
    rows = [
        "a" * 151 + ",Panjang,,,viewer,13.02,",
        "b.user," + "B" * 201 + ",,,viewer,13.02,",
        "c.user,C,,0812" + "3" * 40 + ",viewer,13.02,",
    ]

    _, lines = run_failing(write(tmp_path, rows), tmp_path / "l.csv")

    assert (2, "username") in reported(lines)
    assert (3, "full_name") in reported(lines)
    assert (4, "phone") in reported(lines)
    assert User.objects.count() == 0
