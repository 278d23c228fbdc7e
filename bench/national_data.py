"""The whole country on PostgreSQL, generated for bench/national.py.

`generate(scale=1.0)` makes, in the database Django is configured with:
- all official regions (38 provinces ... 83,762 villages) and 820,161 TPS, 4 to 16 per village: always the
  whole country, whatever the scale, since the dashboard walks the region tree;
- 100,000 problems x scale: 70% at a TPS, 30% at a village, 1% (at least 60) in the benchmark PPK's
  kecamatan so its first page is full at every scale; the word "suara" in about 30% of the texts,
  "intimidasi" in about 0.5%;
- 1,000,000 evidence rows x scale (metadata only, no files): 15% linked to problems at their region
  (150,000 links), 60% C.Hasil scans at distinct TPS (73% coverage at full scale), the rest other kinds;
- 300 cases x scale (at least 3) with 10 claims each, a Pilkada contest per respondent regency;
- a task team for 70% of the offices, 5,000 activities x scale;
- four users: KPU RI, KPU Provinsi Sumatera Barat (13), KPU Kabupaten Solok (13.02) and the PPK of the
  kecamatan of 13.02 with the most TPS.

Rows are made by INSERT ... SELECT over generate_series with a fixed seed (the search triggers fill the
tsvectors as they would for any write), then ANALYZE. A run whose counts match what is there reuses it.
No history rows are made: the bench measures reads.
"""

import json
import time
from pathlib import Path

TPS_TOTAL = 820_161  # 2024 general election
PROBLEMS = 100_000
EVIDENCE = 1_000_000
LINKS = 150_000
CASES = 300
CLAIMS_PER_CASE = 10
ACTIVITIES = 5_000
PROVINCE, REGENCY = "13", "13.02"
USERS = {
    "national": "bench-kpu-ri",
    "province": "bench-kpu-13",
    "regency": "bench-kpu-13-02",
    "ppk": "bench-ppk",
}

NEUTRAL = [
    "Keterlambatan logistik tiba di TPS",
    "Saksi tidak menerima salinan C.Hasil",
    "Pemilih tidak terdaftar dalam DPT hadir dan dilayani",
    "KPPS terlambat membuka TPS karena hujan",
    "Formulir C.Hasil tidak ditandatangani saksi",
    "Daftar hadir pemilih tidak lengkap",
    "Kesalahan penulisan pada berita acara rekapitulasi",
    "Tinta sidik jari habis sebelum pemungutan selesai",
    "Petugas ketertiban TPS tidak hadir",
    "Rekomendasi Bawaslu tentang prosedur pembukaan TPS",
]
VOTES = [
    "Selisih perolehan suara antara C.Hasil dan D.Hasil Kecamatan",
    "Kotak suara tiba di PPK dalam keadaan terbuka",
    "Surat suara tertukar antar daerah pemilihan",
    "Pemilih mencoblos surat suara lebih dari sekali",
    "Saksi meminta penghitungan suara ulang",
]
INTIMIDATION = ["Dugaan intimidasi terhadap pemilih menjelang pemungutan", "Intimidasi kepada anggota KPPS"]
FOLLOW = [
    "Ditindaklanjuti dengan klarifikasi kepada KPPS dan Panwaslu kelurahan",
    "Dicatat dalam formulir kejadian khusus dan disampaikan ke PPK",
    "Dilakukan pembetulan pada rapat pleno terbuka",
]


def generate(*, scale: float = 1.0, seed: int = 7, log=print) -> dict:
    from django.db import connection

    started = time.perf_counter()
    seconds: dict[str, float] = {}

    def step(name, fn, *args):
        began = time.perf_counter()
        log(f"  {name} ...")
        result = fn(*args)
        seconds[name] = time.perf_counter() - began
        return result

    expected = _expected(scale)
    step("migrate", _migrate)
    step("official regions", _regions)
    step("TPS", _tps, seed)
    users = step("users", _users)
    cached = _meta_path(connection)
    if _counts() == expected and cached.exists():
        log("  data of this scale already there: reused")
        return {**json.loads(cached.read_text()), "users": USERS}
    with connection.cursor() as cursor:
        step("clear", _clear, cursor)
        cursor.execute("SELECT setseed(%s)", [seed / 1000])
        step("places", _places, cursor)
        ids = step("elections", _elections, cursor, expected)
        step("problems", _problems, cursor, expected, users, ids)
        step("evidence", _evidence, cursor, expected, users)
        step("cases and claims", _cases, cursor, expected, users, ids)
        step("teams and activities", _teams, cursor, expected, users, ids)
        step("analyze", cursor.execute, "ANALYZE")
    seconds["all"] = time.perf_counter() - started
    result = {"counts": _counts(), "seconds": seconds}
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(result))
    return {**result, "users": USERS}


def _expected(scale: float) -> dict:
    cases = max(3, round(CASES * scale))
    return {
        "tps": TPS_TOTAL,
        "problems": round(PROBLEMS * scale),
        "evidence": round(EVIDENCE * scale),
        "links": round(LINKS * scale),
        "cases": cases,
        "claims": cases * CLAIMS_PER_CASE,
        "activities": max(10, round(ACTIVITIES * scale)),
    }


def _counts() -> dict:
    from django.db import connection

    tables = {
        "tps": "regions_region WHERE level = 'tps'",
        "problems": "inventory_problem",
        "evidence": "inventory_evidence",
        "links": "inventory_evidence_problems",
        "cases": "cases_case",
        "claims": "cases_claim",
        "activities": "teams_activity",
    }
    with connection.cursor() as cursor:
        out = {}
        for name, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            out[name] = cursor.fetchone()[0]
        return out


def _meta_path(connection) -> Path:
    name = connection.settings_dict["NAME"]
    return Path(__file__).resolve().parent.parent / "var" / f"bench-national-{name}.json"


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0)


def _regions() -> None:
    from regions.models import Region
    from regions.services import import_official_regions

    if Region.objects.filter(level="village").count() < 83_000:
        import_official_regions()


def _tps(seed: int) -> None:
    import random

    from regions.models import Region
    from regions.services import generate_tps

    if Region.objects.filter(level="tps").count() == TPS_TOTAL:
        return
    Region.objects.filter(level="tps").delete()
    rng = random.Random(seed)
    villages = list(Region.objects.filter(level="village").order_by("code").values_list("code", flat=True))
    counts = {code: rng.randint(4, 15) for code in villages}
    short = TPS_TOTAL - sum(counts.values())
    for code in rng.sample(villages, short):  # top up to the real total, one more TPS in some villages
        counts[code] += 1
    generate_tps(counts=counts)


def _users() -> dict:
    from accounts.choices import Role
    from accounts.models import User
    from accounts.services import user_create
    from regions.models import Region

    ppk_region = _busiest_kecamatan()
    wanted = {
        "national": (Role.COMMISSIONER, None),
        "province": (Role.COMMISSIONER, Region.objects.get(code=PROVINCE)),
        "regency": (Role.COMMISSIONER, Region.objects.get(code=REGENCY)),
        "ppk": (Role.PPK, ppk_region),
    }
    users = {}
    for key, (role, region) in wanted.items():
        user = User.objects.filter(username=USERS[key]).first()
        users[key] = user or user_create(actor=None, username=USERS[key], role=role, region=region)
    return users


def _busiest_kecamatan():
    from django.db import connection

    from regions.models import Region

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substr(code, 1, 8) FROM regions_region WHERE level = 'tps' AND code LIKE %s"
            " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
            [REGENCY + ".%"],
        )
        return Region.objects.get(code=cursor.fetchone()[0])


def _clear(cursor) -> None:
    cursor.execute(
        "TRUNCATE inventory_evidence_problems, inventory_evidence, inventory_problem, cases_claim_locations,"
        " cases_claim, cases_case, teams_activity, teams_taskteam, elections_participant, elections_contest,"
        " elections_election CASCADE"
    )


def _places(cursor) -> None:
    """Numbered TPS and villages, to pick from by a random index (a join, not a sort, per row)."""
    for name, level in (("tps", "tps"), ("village", "village")):
        cursor.execute(f"DROP TABLE IF EXISTS bench_{name}")
        cursor.execute(
            f"CREATE TEMP TABLE bench_{name} AS SELECT row_number() OVER (ORDER BY code) AS rn, code"  # noqa: S608
            f" FROM regions_region WHERE level = '{level}'"
        )
        cursor.execute(f"CREATE UNIQUE INDEX ON bench_{name} (rn)")
    cursor.execute("DROP TABLE IF EXISTS bench_ppk")
    cursor.execute(
        "CREATE TEMP TABLE bench_ppk AS SELECT row_number() OVER (ORDER BY r.code) AS rn, r.code"
        " FROM regions_region r JOIN accounts_assignment a ON r.code LIKE a.region_id || '.%%'"
        " JOIN accounts_user u ON u.id = a.user_id WHERE u.username = %s",
        [USERS["ppk"]],
    )
    cursor.execute("CREATE UNIQUE INDEX ON bench_ppk (rn)")
    cursor.execute("DROP TABLE IF EXISTS bench_office")
    cursor.execute(
        "CREATE TEMP TABLE bench_office AS SELECT row_number() OVER (ORDER BY code) AS rn, code"
        " FROM regions_region WHERE level IN ('province', 'regency')"
    )


def _count(cursor, table: str) -> int:
    cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
    return cursor.fetchone()[0]


def _elections(cursor, expected) -> dict:
    cursor.execute(
        "INSERT INTO elections_election (name, kind, voting_date) VALUES"
        " ('Pemilu 2024 (bench)', 'pemilu', '2024-02-14'), ('Pilkada 2024 (bench)', 'pilkada', '2024-11-27')"
        " RETURNING id"
    )
    pemilu, pilkada = (row[0] for row in cursor.fetchall())
    cursor.execute(
        "INSERT INTO elections_contest (contest_type, region_id, election_id)"
        " SELECT 'bupati', code, %s FROM (SELECT code FROM regions_region WHERE level = 'regency'"
        " ORDER BY code <> %s, md5(code) LIMIT %s) r",
        [pilkada, REGENCY, expected["cases"]],
    )
    cursor.execute(
        "INSERT INTO elections_participant (kind, name, ballot_number, contest_id)"
        " SELECT 'pair', 'Pasangan Calon Nomor Urut ' || n, n, c.id"
        " FROM elections_contest c CROSS JOIN generate_series(1, 2) n WHERE c.election_id = %s",
        [pilkada],
    )
    return {"pemilu": pemilu, "pilkada": pilkada}


def _text(pool_var: str) -> str:
    """A title chosen by the random number `pool_var`: 30% about votes (suara), 0.5% intimidation."""
    return (
        f"CASE WHEN {pool_var} < 0.30 THEN (%(votes)s::text[])[1 + floor({pool_var} / 0.30 * %(nv)s)::int]"
        f" WHEN {pool_var} < 0.305 THEN (%(intim)s::text[])[1 + floor(({pool_var} - 0.30) / 0.005 * %(ni)s)::int]"
        f" ELSE (%(neutral)s::text[])[1 + floor(({pool_var} - 0.305) / 0.695 * %(nn)s)::int] END"
    )


TEXT_PARAMS = {
    "votes": VOTES,
    "nv": len(VOTES),
    "intim": INTIMIDATION,
    "ni": len(INTIMIDATION),
    "neutral": NEUTRAL,
    "nn": len(NEUTRAL),
    "follow": FOLLOW,
}


def _problems(cursor, expected, users, ids) -> None:
    from elections.choices import Stage
    from inventory.choices import FollowUp, Source
    from inventory.models import Category

    n = expected["problems"]
    local = max(60, n // 100)
    params = {
        **TEXT_PARAMS,
        "stages": list(Stage.values),
        "sources": list(Source.values),
        "follow_ups": list(FollowUp.values),
        "assignee": users["regency"].pk,
        "categories": list(Category.objects.order_by("position", "id").values_list("id", flat=True)),
        "ntps": _count(cursor, "bench_tps"),
        "nvillage": _count(cursor, "bench_village"),
        "nppk": _count(cursor, "bench_ppk"),
        "local": local,
        "rest": n - local,
    }
    # r: text; w: where; s: stage; t: status; k: risk.
    cursor.execute(
        f"""
        INSERT INTO inventory_problem (stage, title, description, chronology, source, follow_up, follow_up_notes,
            bawaslu_reference, affected_votes, risk, status, occurred_at, created_at, updated_at, assignee_id,
            category_id, region_id, version)
        SELECT (%(stages)s::text[])[1 + floor(s * array_length(%(stages)s::text[], 1))::int],
               {_text("r")}, {_text("r")} || '. Dilaporkan oleh saksi dan dicatat oleh KPPS.',
               'Kejadian pada hari pemungutan, dicatat dalam formulir kejadian khusus.',
               (%(sources)s::text[])[1 + floor(k * array_length(%(sources)s::text[], 1))::int],
               (%(follow_ups)s::text[])[1 + floor(t * array_length(%(follow_ups)s::text[], 1))::int],
               (%(follow)s::text[])[1 + floor(k * 3)::int], '', floor(k * 300)::int,
               CASE WHEN k < 0.15 THEN 'high' WHEN k < 0.5 THEN 'medium' ELSE 'low' END,
               CASE WHEN t < 0.3 THEN 'new' WHEN t < 0.6 THEN 'in_progress' WHEN t < 0.85 THEN 'resolved'
                    ELSE 'ready' END,
               timestamptz '2024-02-14 08:00+07' + w * interval '10 hours',
               now() - w * interval '30 days', now() - s * interval '3 days',
               CASE WHEN s < 0.4 THEN NULL ELSE %(assignee)s END,
               (%(categories)s::bigint[])[1 + floor(k * array_length(%(categories)s::bigint[], 1))::int],
               place, 1
          FROM (
            SELECT g, r, w, s, t, k, CASE WHEN g <= %(local)s THEN p.code WHEN w < 0.7 THEN tps.code
                                          ELSE v.code END AS place
              FROM (SELECT g, random() r, random() w, random() s, random() t, random() k
                      FROM generate_series(1, %(local)s + %(rest)s) g) x
              LEFT JOIN bench_ppk p ON p.rn = 1 + (g::bigint * 7919) %% %(nppk)s
              LEFT JOIN bench_tps tps ON tps.rn = 1 + floor(w / 0.7 * %(ntps)s)::int
              LEFT JOIN bench_village v ON v.rn = 1 + floor((w - 0.7) / 0.3 * %(nvillage)s)::int
          ) y
        """,  # noqa: S608 - fixed text, values as parameters
        params,
    )


def _evidence(cursor, expected, users) -> None:
    m, links = expected["evidence"], expected["links"]
    ntps = _count(cursor, "bench_tps")
    c_hasil = min(round(0.6 * m), ntps)
    local = max(60, m // 100)
    common = (
        "encode(sha256(convert_to('bench-evidence-' || g, 'UTF8')), 'hex')",
        "floor(100000 + k * 4000000)::bigint",
        "CASE WHEN v < 0.6 THEN 'verified' WHEN v < 0.9 THEN 'pending' ELSE 'rejected' END",
        "now() - u * interval '10 days'",
    )
    columns = (
        "file, sha256, size, mime_type, original_name, kind, description, uploaded_at, version, verification,"
        " verified_at, rejection_reason, certified_copy, preview, region_id, uploaded_by_id"
    )
    digest, size, verification, uploaded = common
    select = f"""
        'evidence/' || substr(h, 1, 2) || '/' || h || '.pdf', h, {size}, 'application/pdf',
        'bukti-' || g || '.pdf', kind, {_text("r")}, {uploaded}, 1, {verification},
        CASE WHEN v < 0.6 THEN now() - u * interval '5 days' END, '', v < 0.3, '', place, %(uploader)s
    """
    params = {**TEXT_PARAMS, "uploader": users["ppk"].pk, "ntps": ntps, "nppk": _count(cursor, "bench_ppk")}
    kinds = ["photo", "berita_acara", "c_kejadian", "bawaslu_letter", "video"]
    # 1. Evidence of problems, at the problem's region, linked to it.
    cursor.execute("DROP TABLE IF EXISTS bench_problem")
    cursor.execute(
        "CREATE TEMP TABLE bench_problem AS SELECT row_number() OVER (ORDER BY id) rn, id, region_id"
        " FROM inventory_problem"
    )
    cursor.execute("CREATE UNIQUE INDEX ON bench_problem (rn)")
    nproblems = _count(cursor, "bench_problem")
    # Draw first, keeping each row's problem, then insert the evidence and the links from the draw.
    cursor.execute("DROP TABLE IF EXISTS bench_draw")
    cursor.execute(
        f"""
        CREATE TEMP TABLE bench_draw AS
        SELECT g, {digest} h, r, k, v, u, p.region_id place, p.id problem_id,
               (%(kinds)s::text[])[1 + floor(k * 5)::int] kind
          FROM (SELECT g, random() r, random() k, random() v, random() u, random() pick
                  FROM generate_series(1, %(links)s) g) x
          JOIN bench_problem p ON p.rn = 1 + floor(pick * %(nproblems)s)::int
        """,  # noqa: S608
        {"links": links, "kinds": kinds, "nproblems": nproblems},
    )
    cursor.execute(f"INSERT INTO inventory_evidence ({columns}) SELECT {select} FROM bench_draw", params)  # noqa: S608
    cursor.execute(
        "INSERT INTO inventory_evidence_problems (evidence_id, problem_id)"
        " SELECT e.id, d.problem_id FROM bench_draw d JOIN inventory_evidence e"
        " ON e.region_id = d.place AND e.sha256 = d.h"
    )
    # 2. C.Hasil scans at distinct TPS: the coverage.
    cursor.execute(
        f"""
        INSERT INTO inventory_evidence ({columns})
        SELECT {select} FROM (
            SELECT g, {digest} h, r, k, v, u, place, 'c_hasil' kind FROM (
                SELECT %(offset)s + row_number() OVER () g, random() r, random() k, random() v, random() u,
                       code place
                  FROM (SELECT code FROM bench_tps ORDER BY md5(code || %(salt)s) LIMIT %(n)s) t
            ) x
        ) y
        """,  # noqa: S608
        {**params, "offset": links, "n": c_hasil, "salt": "c"},
    )
    # 3. The rest: other kinds at random TPS, some in the benchmark PPK's kecamatan.
    rest = m - links - c_hasil
    cursor.execute(
        f"""
        INSERT INTO inventory_evidence ({columns})
        SELECT {select} FROM (
            SELECT g, {digest} h, r, k, v, u, CASE WHEN g - %(offset)s <= %(local)s THEN p.code ELSE t.code END place,
                   (%(kinds)s::text[])[1 + floor(k * 4)::int] kind
              FROM (SELECT %(offset)s + g g, random() r, random() k, random() v, random() u, random() pick
                      FROM generate_series(1, %(n)s) g) x
              LEFT JOIN bench_tps t ON t.rn = 1 + floor(pick * %(ntps)s)::int
              LEFT JOIN bench_ppk p ON p.rn = 1 + (g::bigint * 7919) %% %(nppk)s
        ) y
        """,  # noqa: S608
        {
            **params,
            "offset": links + c_hasil,
            "n": rest,
            "local": min(local, rest),
            "kinds": ["photo", "d_hasil_kec", "berita_acara", "other"],
        },
    )


def _cases(cursor, expected, users, ids) -> None:
    from cases.register import int_to_roman

    roman = int_to_roman(2025 - 2002)
    params = {
        **TEXT_PARAMS,
        "pilkada": ids["pilkada"],
        "roman": roman,
        "creator": users["national"].pk,
        "claims": CLAIMS_PER_CASE,
    }
    cursor.execute(
        f"""
        INSERT INTO cases_case (register_number, kind, applicant_counsel, summary, status, outcome, outcome_notes,
            result_decree_number, result_decree_at, petition_filed_at, ebrpk_registered_at, mk_notice_received_at,
            created_at, updated_at, applicant_id, contest_id, created_by_id, related_party_id, respondent_office_id,
            result_decree_title, respondent_chair, respondent_address, answer_place, power_of_attorney_number,
            substitution_number, counsel_office, counsel_address, obscuur_libel, obscuur_libel_grounds)
        SELECT n || '/PHPU.BUP-' || %(roman)s || '/2025', 'php_bupati', 'Kuasa Hukum Pemohon dan rekan',
               {_text("r")}, CASE WHEN r < 0.5 THEN 'received' ELSE 'preliminary_hearing' END, 'none', '',
               n || '/PL.02.6-Kpt/KPU-Kab/XII/2024', now() - interval '9 days', now() - interval '7 days',
               now() - interval '2 days', now() - interval '1 day', now(), now(),
               two.id, c.id, %(creator)s, one.id, c.region_id, '', '', '', '', '', '', '', '', false, ''
          FROM (SELECT row_number() OVER (ORDER BY id) n, id, region_id, random() r
                  FROM elections_contest WHERE election_id = %(pilkada)s) c
          JOIN elections_participant one ON one.contest_id = c.id AND one.ballot_number = 1
          JOIN elections_participant two ON two.contest_id = c.id AND two.ballot_number = 2
        """,  # noqa: S608
        params,
    )
    cursor.execute(
        f"""
        INSERT INTO cases_claim (number, position, summary, response, status, created_at, updated_at, case_id)
        SELECT n, n, {_text("r")} || '. Pemohon mendalilkan kesalahan hasil di TPS.',
               'Termohon membantah dalil tersebut berdasarkan formulir C.Hasil.',
               CASE WHEN r < 0.4 THEN 'draft' WHEN r < 0.7 THEN 'reviewed' ELSE 'final' END, now(), now(), id
          FROM (SELECT c.id, n, random() r FROM cases_case c CROSS JOIN generate_series(1, %(claims)s) n) x
        """,  # noqa: S608
        params,
    )
    # Each claim names one TPS of its respondent regency: a regency's TPS are a run of bench_tps numbers.
    cursor.execute(
        """
        INSERT INTO cases_claim_locations (claim_id, region_id)
        SELECT cl.id, t.code
          FROM cases_claim cl JOIN cases_case c ON c.id = cl.case_id
          JOIN (SELECT substr(code, 1, 5) regency, min(rn) first, count(*) n FROM bench_tps GROUP BY 1) r
            ON r.regency = c.respondent_office_id
          JOIN bench_tps t ON t.rn = r.first + cl.position %% r.n
        """,
        [],
    )


def _teams(cursor, expected, users, ids) -> None:
    cursor.execute(
        """
        INSERT INTO teams_taskteam (name, sk_number, sk_date, sk_file, sk_sha256, sk_size, sk_mime_type,
            sk_original_name, sk_uploaded_at, period_start, period_end, status, created_at, updated_at,
            election_id, office_id)
        SELECT 'Tim Penyelesaian PHP ' || coalesce(code, 'KPU RI'), 'SK/' || coalesce(code, 'RI') || '/2024',
               '2024-01-15', 'teams/sk/' || md5(coalesce(code, 'RI')) || '.pdf', md5(coalesce(code, 'RI')) ||
               md5(coalesce(code, 'RI')), 120000, 'application/pdf', 'sk-tim.pdf', now() - interval '60 days',
               '2024-01-15', '2024-12-31', 'active', now(), now(), %(pemilu)s, code
          FROM (SELECT NULL::varchar code UNION ALL SELECT code FROM bench_office) o
         WHERE code IS NULL OR md5(code || 'team') < 'b3'
        """,
        {"pemilu": ids["pemilu"]},
    )
    cursor.execute(
        f"""
        INSERT INTO teams_activity (kind, title, starts_at, place, with_bawaslu, with_police, with_prosecutors,
            other_stakeholders, outside_attendees, agenda, outcome, created_at, updated_at, created_by_id,
            election_id, office_id)
        SELECT (ARRAY['rakor', 'bimtek', 'supervisi', 'advokasi', 'gelar_perkara'])[1 + floor(k * 5)::int],
               'Rapat koordinasi ' || g, now() - k * interval '40 days', 'Aula KPU', k < 0.5, k < 0.2, false,
               '', '', {_text("r")}, 'Disepakati langkah tindak lanjut.', now(), now(), %(creator)s,
               %(pemilu)s, o.code
          FROM (SELECT g, random() r, random() k, random() pick FROM generate_series(1, %(n)s) g) x
          JOIN bench_office o ON o.rn = 1 + floor(pick * (SELECT count(*) FROM bench_office))::int
        """,  # noqa: S608
        {**TEXT_PARAMS, "n": expected["activities"], "creator": users["national"].pk, "pemilu": ids["pemilu"]},
    )
