"""One world for the linked-object probe (tests/scoping/test_linked.py): Kabupaten Solok (13.02) with two
sibling kecamatans, A (13.02.03) and B (13.02.04), and the neighbouring Kabupaten Pesisir Selatan (13.01).

Objects of every kind are planted in B (and a few in 13.01), and objects in A or at the office are linked to
them. Every user-visible text of a planted object carries a marker (`LEAKB...`, `LEAKO...`, ...) registered
with the places it belongs to: a viewer may meet the marker only when their view reach holds one of those
places. A marker's places are the policy this probe checks:

- an object in B (problem, evidence, comment, user, claim located in B, region names of B): B alone
  (a claim also at its case's office);
- contact details and the SK scan of the office's team (issue 18 item 3): the office itself, not the levels
  below it, although those see the team;
- what a case shows only to its offices (exhibits, hearings, counsel, dossier jobs; issue 18 item 4): the
  case's offices, not viewers who reach only one of its claims' locations;
- a claim figure at a place: that place and the case's offices.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.choices import Role
from cases.choices import ClaimStatus
from cases.deadlines import WIB
from cases.models import Counsel
from dossiers.models import DossierJob
from elections.choices import ContestType
from elections.models import Dapil
from inventory.models import Evidence
from notifications.models import Notification
from regions.choices import Level
from regions.models import Region
from tests.cases.factories import (
    CaseFactory,
    CitationFactory,
    ClaimFactory,
    ClaimFigureFactory,
    ContestFactory,
    ExhibitFactory,
    HearingFactory,
    ParticipantFactory,
)
from tests.factories import AssignmentFactory, UserFactory
from tests.inventory.factories import CommentFactory, ProblemFactory, make_evidence, pdf_bytes, uploaded
from tests.teams.factories import ActivityFactory, FollowUpFactory, MemberFactory, TeamFactory, make_active_team

OFFICE, A, B, NEIGHBOUR = "13.02", "13.02.03", "13.02.04", "13.01"
BAIT = "zamrud"  # a word in the out-of-reach texts that search routes are asked for


@dataclass
class World:
    viewers: dict = field(default_factory=dict)  # name -> User
    ids: dict = field(default_factory=dict)  # kind -> list of path values (pk, code, username)
    markers: dict = field(default_factory=dict)  # lower-case marker -> (places, what)
    sessions: dict = field(default_factory=dict)  # viewer name -> signed-in cookies (the test module's)

    def mark(self, text: str, places, what: str) -> str:
        self.markers[text.lower()] = (tuple(places), what)
        return text

    def add(self, kind: str, *values) -> None:
        self.ids.setdefault(kind, [])
        self.ids[kind].extend(v for v in values if v not in self.ids[kind])


def _first(code: str, level: str) -> str:
    """The first region of `level` below `code`."""
    below = Region.objects.filter(code__startswith=code + ".", level=level)
    return below.order_by("code").values_list("code", flat=True).first()


def _marked(world: World, prefix: str, places, what: str, fields) -> dict:
    """{field: marker} for each field, the marker naming the object and the field."""
    return {name: world.mark(f"{prefix}{what}{name.replace('_', '')}", places, f"{what}.{name}") for name in fields}


def build() -> World:
    w = World()
    village_a, village_b, village_n = (_first(code, Level.VILLAGE) for code in (A, B, NEIGHBOUR))
    tps_a, tps_b = _first(village_a, Level.TPS), _first(village_b, Level.TPS)
    case_offices = (OFFICE,)

    # Region names of B: a sibling kecamatan's places are out of reach like its objects.
    for code, what in ((B, "district"), (village_b, "village"), (tps_b, "tps")):
        Region.objects.filter(code=code).update(name=w.mark(f"LEAKBregion{what}", (code,), f"region {code} name"))

    w.viewers = {
        "ppk_a": _user(Role.PPK, A),
        "pps_a": _user(Role.PPS, village_a),
        "commissioner_neighbour": _user(Role.COMMISSIONER, NEIGHBOUR),
        "legal_corespondent": _user(Role.LEGAL, OFFICE),  # co-respondent office of case_n, respondent 13.01
    }
    ppk_b = _user(
        Role.PPK,
        B,
        username=w.mark("leakbusername", (B,), "PPK B username"),
        full_name=w.mark("LEAKBuserfullname", (B,), "PPK B full name"),
        phone=w.mark("LEAKBuserphone", (B,), "PPK B phone"),
    )
    staff_n = _user(Role.SECRETARIAT, NEIGHBOUR, full_name=w.mark("LEAKNuserfullname", (NEIGHBOUR,), "13.01 user"))
    legal_k = _user(Role.LEGAL, OFFICE)
    w.add("username", ppk_b.username, staff_n.username, legal_k.username, *(v.username for v in w.viewers.values()))
    w.add("account_assignment", *(u.assignments.get().pk for u in (ppk_b, staff_n, legal_k)))

    # Inventory: B's problem and evidence, linked both ways with A's.
    problem_text = ("title", "description", "chronology", "follow_up_notes", "bawaslu_reference")
    problem_b = ProblemFactory(
        region_id=tps_b, reported_by=ppk_b, assignee=ppk_b, **_marked(w, "LEAKB", (tps_b,), "problem", problem_text)
    )
    problem_b.title += f" {BAIT}"  # what the probe searches for: a word, never a marker echoed from the query
    problem_b.save()
    problem_a = ProblemFactory(region_id=tps_a, title="Problem in A")
    problem_n = ProblemFactory(region_id=village_n, **_marked(w, "LEAKN", (village_n,), "problem", problem_text))
    problem_n.title += f" {BAIT}"
    problem_n.save()
    comment = CommentFactory(problem=problem_b, author=ppk_b, body=w.mark("LEAKBcommentbody", (tps_b,), "comment"))
    evidence_b = _evidence(w, "LEAKB", tps_b, problem_b, ppk_b)
    evidence_a = make_evidence(
        tps_a, kind="berita_acara", problem=problem_a, content=pdf_bytes("evidence in A"), name="bukti-a.pdf"
    )
    evidence_n = _evidence(w, "LEAKN", village_n, problem_n, staff_n)
    evidence_b.problems.add(problem_a)  # a kabupaten user links B's scan to A's problem
    evidence_a.problems.add(problem_b)
    w.add("problem", problem_b.pk, problem_a.pk, problem_n.pk)
    w.add("evidence", evidence_b.pk, evidence_a.pk, evidence_n.pk)
    w.add("comment", comment.pk)

    places = (tps_a, tps_b, village_n)
    cases = _cases(w, places, (problem_a, problem_b, problem_n), (evidence_a, evidence_b, evidence_n))
    _teams(w, village_b, problem_b, cases["claim_b"], problem_a)

    notification = Notification.objects.create(
        user=legal_k,
        title=w.mark("LEAKOnotificationtitle", (), "someone else's notification"),
        body=w.mark("LEAKOnotificationbody", (), "someone else's notification"),
        url="/cases/",
    )
    w.add("notification", notification.pk)
    jobs = [
        DossierJob.objects.create(
            kind="brief",
            case=cases["case"],
            region_id=OFFICE,
            requested_by=legal_k,
            status="failed",
            error=w.mark("LEAKCdossiererror", case_offices, "dossier job of the case"),
        ),
        DossierJob.objects.create(
            kind="inventory",
            region_id=B,
            requested_by=ppk_b,
            status="failed",
            error=w.mark("LEAKBdossiererror", (B,), "inventory dossier of B"),
        ),
    ]
    w.add("dossier", *(j.pk for j in jobs))

    w.add("region", A, B, village_b, tps_b, OFFICE, NEIGHBOUR)
    w.add("office", OFFICE, NEIGHBOUR, "13")
    w.add("readiness", OFFICE, A, B, NEIGHBOUR, "national")
    return w


def _user(role, code, **fields):
    user = UserFactory(**fields)
    AssignmentFactory(user=user, role=role, region_id=code)
    return user


def _evidence(w: World, prefix: str, code: str, problem, uploader) -> Evidence:
    """Evidence whose stored bytes, file name and description carry markers (a PDF keeps its text readable)."""
    places = (code,)
    evidence = make_evidence(
        code,
        kind="berita_acara",
        problem=problem,
        content=pdf_bytes(w.mark(f"{prefix}evidencefile", places, "evidence file bytes")),
        name=w.mark(f"{prefix}evidencename", places, "evidence file name") + ".pdf",
        uploaded_by=uploader,
    )
    Evidence.objects.filter(pk=evidence.pk).update(
        description=w.mark(f"{prefix}evidencedescription", places, "evidence description") + f" {BAIT}",
        rejection_reason=w.mark(f"{prefix}evidencerejection", places, "evidence rejection reason"),
    )
    return evidence


def _cases(w: World, places, problems, evidence) -> dict:
    """case: Termohon 13.02, claims in A, in A and B, in B; case_n: Termohon 13.01, the office co-respondent."""
    tps_a, tps_b, village_n = places
    problem_a, problem_b, problem_n = problems
    evidence_a, evidence_b, evidence_n = evidence
    offices = (OFFICE,)
    case = CaseFactory(
        respondent_office_id=OFFICE,
        summary=w.mark("LEAKCcasesummary", (OFFICE, tps_a, tps_b), "case seen from a claim location"),
    )
    # Final claims citing unverified evidence: the case's warnings name that evidence.
    claim_a = ClaimFactory(case=case, locations=[tps_a], summary="Claim located in A", status=ClaimStatus.FINAL)
    claim_ab = ClaimFactory(
        case=case, locations=[tps_a, tps_b], summary="Claim located in A and B", status=ClaimStatus.FINAL
    )
    claim_text = _marked(w, "LEAKB", (OFFICE, tps_b), "claim", ("summary", "response"))
    claim_b = ClaimFactory(case=case, locations=[tps_b], status=ClaimStatus.FINAL, **claim_text)
    claim_ab.problems.set([problem_a, problem_b])
    claim_b.problems.set([problem_b])
    ClaimFigureFactory(claim=claim_a, region_id=tps_a, applicant_value=111, official_value=112)
    ClaimFigureFactory(claim=claim_ab, region_id=tps_a, applicant_value=121, official_value=122)
    # A figure's numbers at B: six digits no page prints by chance, in the ways a page may format them.
    for value in (918273, 827364):
        for shown in (str(value), f"{value:,}", f"{value:,}".replace(",", ".")):
            w.mark(shown, (OFFICE, tps_b), "claim figure at B")
    ClaimFigureFactory(claim=claim_ab, region_id=tps_b, applicant_value=918273, official_value=827364)
    ClaimFigureFactory(claim=claim_b, region_id=tps_b, applicant_value=918273, official_value=827364)
    exhibit = ExhibitFactory(case=case, **_marked(w, "LEAKC", offices, "exhibit", ("description", "document_number")))
    exhibit.evidence.set([evidence_a, evidence_b])
    CitationFactory(claim=claim_ab, exhibit=exhibit, note=w.mark("LEAKCcitationnote", offices, "citation note"))
    CitationFactory(claim=claim_b, exhibit=exhibit)
    hearing_text = _marked(w, "LEAKC", offices, "hearing", ("place", "other_attendees", "outcome"))
    hearing = HearingFactory(case=case, **hearing_text)
    counsel = Counsel.objects.create(case=case, name=w.mark("LEAKCcounselname", offices, "counsel"), position=1)

    contest_n = ContestFactory(region_id=NEIGHBOUR)
    both = (NEIGHBOUR, OFFICE)
    case_n = CaseFactory(
        contest=contest_n,
        applicant=ParticipantFactory(contest=contest_n, name=w.mark("LEAKNapplicant", both, "participant of 13.01")),
        related_party=ParticipantFactory(contest=contest_n),
        respondent_office_id=NEIGHBOUR,
        summary=w.mark("LEAKNcasesummary", both, "case of 13.01 with 13.02 co-respondent"),
        result_decree_at=dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB),
    )
    case_n.other_respondent_offices.set([OFFICE])
    claim_n = ClaimFactory(case=case_n, locations=[village_n], summary=w.mark("LEAKNclaimsummary", both, "claim"))
    claim_n.problems.set([problem_n])
    exhibit_n = ExhibitFactory(case=case_n, description=w.mark("LEAKNexhibitdescription", both, "exhibit"))
    exhibit_n.evidence.set([evidence_n])
    CitationFactory(claim=claim_n, exhibit=exhibit_n)

    w.add("case", case.pk, case_n.pk)
    w.add("election", case.contest.election_id, contest_n.election_id)
    w.add("contest", case.contest_id, contest_n.pk)
    w.add("participant", case.applicant_id, case_n.applicant_id)
    dapil = Dapil.objects.create(election=case.contest.election, contest_type=ContestType.DPRD_KABKO, name="Solok 1")
    dapil.regions.set([A, B])
    w.add("dapil", dapil.pk)
    w.add("claim", claim_a.pk, claim_ab.pk, claim_b.pk, claim_n.pk)
    w.add("exhibit", exhibit.pk, exhibit_n.pk)
    w.add("hearing", hearing.pk)
    w.add("counsel", counsel.pk)
    return {"case": case, "claim_b": claim_b}


def _teams(w: World, village_b, problem_b, claim_b, problem_a) -> None:
    """The office's live team (marked SK scan, members with contact details, work in A and in B), an
    activity of the office with B's bodies, and the neighbour's team."""
    office_only = (OFFICE,)
    team = make_active_team(office=OFFICE)
    from teams.services import activity_file_upload, team_sk_upload

    sk = uploaded(pdf_bytes(w.mark("LEAKOskfile", office_only, "SK scan bytes")), "sk.pdf")
    team = team_sk_upload(actor=None, team=team, file=sk, name=w.mark("LEAKOskname", office_only, "SK name") + ".pdf")
    member = MemberFactory(
        team=team,
        name="Anggota tim kabupaten",
        phone=w.mark("LEAKOmemberphone", office_only, "member phone"),
        email=w.mark("leakomemberemail", office_only, "member e-mail") + "@kpu.example",
    )
    from teams.models import MemberAssignment

    assignments = [
        MemberAssignment.objects.create(member=member, region_id=A, notes="Work in A"),
        MemberAssignment.objects.create(
            member=member, region_id=B, notes=w.mark("LEAKBassignmentnotes", (OFFICE, B), "assignment in B")
        ),
        MemberAssignment.objects.create(member=member, problem=problem_b, due_date=timezone.localdate()),
        MemberAssignment.objects.create(member=member, claim=claim_b),
        MemberAssignment.objects.create(member=member, problem=problem_a),
    ]
    activity = ActivityFactory(office_id=OFFICE, title="Rakor kabupaten", bodies=[Region.objects.get(code=village_b)])
    activity.bodies.add(Region.objects.get(code=B))
    follow_up = FollowUpFactory(activity=activity, owner=member, description="Tindak lanjut kabupaten")
    minutes, _created = activity_file_upload(
        actor=None, activity=activity, file=uploaded(pdf_bytes("notulen kabupaten"), "notulen.pdf"), kind="minutes"
    )

    team_n = TeamFactory(office_id=NEIGHBOUR, name=w.mark("LEAKNteamname", (NEIGHBOUR,), "team of 13.01"))
    member_n = MemberFactory(team=team_n, name=w.mark("LEAKNmembername", (NEIGHBOUR,), "member of 13.01"))
    activity_n = ActivityFactory(office_id=NEIGHBOUR, title=w.mark("LEAKNactivitytitle", (NEIGHBOUR,), "activity"))
    file_n, _created = activity_file_upload(
        actor=None,
        activity=activity_n,
        file=uploaded(pdf_bytes(w.mark("LEAKNactivityfile", (NEIGHBOUR,), "activity file")), "n.pdf"),
        kind="minutes",
    )
    w.add("team", team.pk, team_n.pk)
    w.add("member", member.pk, member_n.pk)
    w.add("team_assignment", *(a.pk for a in assignments))
    w.add("activity", activity.pk, activity_n.pk)
    w.add("followup", follow_up.pk)
    w.add("activity_file", minutes.pk, file_n.pk)
