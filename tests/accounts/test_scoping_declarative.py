"""Each scoped model's declared place on the region tree, row by row (accounts.scoping.ScopedQuerySet).

Kabupaten Solok (13.02, "A") against Kabupaten Pesisir Selatan (13.01, "B"): a reach in A sees A's rows
and not B's, through the declared relations too (a case whose turut termohon is A, a claim located in A);
rows above the reach and national rows only where a model declares `ancestors_see`.
"""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from accounts.choices import Action, Role
from accounts.scoping import ScopedQuerySet, Through
from cases.choices import OrderKind
from cases.models import (
    Case,
    CaseOrder,
    Claim,
    ClaimFigure,
    Counsel,
    Exhibit,
    Hearing,
    RegionPopulation,
)
from dossiers.choices import DossierKind
from dossiers.models import DossierJob
from elections.choices import ContestType
from elections.models import Contest
from inventory.models import Problem
from regions.models import Region
from teams.choices import ActivityFileKind
from teams.models import Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember
from tests.cases.factories import (
    CaseFactory,
    ClaimFactory,
    ClaimFigureFactory,
    ContestFactory,
    CounselFactory,
    ElectionFactory,
    ExhibitFactory,
    HearingFactory,
    pemilu_case,
)
from tests.factories import UserFactory
from tests.inventory.factories import ProblemFactory
from tests.teams import factories as teams

A, B = "13.02", "13.01"
KECAMATAN_A = "13.02.03"
TPS_A = "13.02.03.2002.001"

pytestmark = pytest.mark.django_db


def visible(model, user, action=None, key=None):
    """The labels (or `key` values) of the rows of `model` the user sees, asserting no row comes twice."""
    manager = model._default_manager
    rows = manager.visible_to(user) if action is None else manager.visible_to(user, action)
    values = list(rows.values_list(key or "pk", flat=True))
    assert len(values) == len(set(values)), f"{model.__name__}: a row comes twice"
    return set(values)


def test_every_scoped_model_but_the_region_itself_has_the_one_visible_to():
    scoped = [m for m in apps.get_models() if hasattr(m._default_manager.all(), "visible_to")]
    assert Case in scoped and DossierJob in scoped and TaskTeam in scoped
    for model in scoped:
        if model is not Region:  # regions lie below accounts (see RegionQuerySet)
            assert type(model._default_manager.all()).visible_to is ScopedQuerySet.visible_to, model


def test_a_through_path_must_cross_a_many_to_many_relation():
    for lookup in ("case__respondent_office__code", "summary"):
        with pytest.raises(ImproperlyConfigured):
            Through(lookup).exists(Claim, None)


@pytest.fixture
def legal_a(make_user):
    return make_user(Role.LEGAL, A)


@pytest.fixture
def ppk_a(make_user):
    return make_user(Role.PPK, KECAMATAN_A)


class TestCases:
    """Termohon office, then the turut termohon (every action), then claim locations (viewing only)."""

    @pytest.fixture
    def cases(self):
        contest_b = ContestFactory(region_id=B)
        rows = {
            "A": CaseFactory(),
            "B": CaseFactory(respondent_office_id=B, contest=contest_b),
            "B, turut termohon A": CaseFactory(respondent_office_id=B, contest=contest_b),
            "B, claim located in A": CaseFactory(respondent_office_id=B, contest=contest_b),
            "national": pemilu_case(),
        }
        # Two ways into A each: still one row.
        rows["B, turut termohon A"].other_respondent_offices.set([A, KECAMATAN_A])
        ClaimFactory(case=rows["B, claim located in A"], locations=[TPS_A, KECAMATAN_A])
        ClaimFactory(case=rows["B, claim located in A"], locations=[TPS_A])
        ClaimFactory(case=rows["B"], locations=[B])
        return rows

    def seen(self, cases, user, action=None):
        names = {case.pk: name for name, case in cases.items()}
        return {names[pk] for pk in visible(Case, user, action)}

    def test_office_and_turut_termohon_and_located_claims(self, cases, legal_a):
        assert self.seen(cases, legal_a) == {"A", "B, turut termohon A", "B, claim located in A"}

    def test_located_claims_grant_viewing_only(self, cases, legal_a):
        assert self.seen(cases, legal_a, Action.MANAGE_CASES) == {"A", "B, turut termohon A"}
        assert self.seen(cases, legal_a, Action.EXPORT_DOSSIERS) == {"A", "B, turut termohon A"}

    def test_offices_above_the_reach_do_not_count(self, cases, ppk_a):
        assert self.seen(cases, ppk_a) == {"B, turut termohon A", "B, claim located in A"}
        assert self.seen(cases, ppk_a, Action.MANAGE_CASES) == set()

    def test_the_other_kabupaten_and_the_nation(self, cases, make_user, superuser):
        legal_b = make_user(Role.LEGAL, B)
        assert self.seen(cases, legal_b) == {"B", "B, turut termohon A", "B, claim located in A"}
        everything = set(cases)
        assert self.seen(cases, make_user(Role.LEGAL, None)) == everything
        assert self.seen(cases, superuser, Action.MANAGE_CASES) == everything
        assert self.seen(cases, UserFactory()) == set()

    @pytest.mark.parametrize("model", [Counsel, CaseOrder, Hearing, Exhibit])
    def test_the_answer_work_follows_the_case_offices_not_its_claims(self, model, cases, legal_a, ppk_a):
        """Counsel, orders, hearings and exhibits go with the case's respondent offices: a claim located
        in the reach shows the case, not the work on its answer."""
        make = {
            Counsel: CounselFactory,
            CaseOrder: lambda case: CaseOrder.objects.create(case=case, kind=OrderKind.RECOUNT),
            Hearing: HearingFactory,
            Exhibit: ExhibitFactory,
        }[model]
        for case in cases.values():
            make(case=case)
        by_office = visible(Case, legal_a, Action.MANAGE_CASES)
        names = {case.pk: name for name, case in cases.items()}
        assert {names[pk] for pk in by_office} == {"A", "B, turut termohon A"}
        for action in (None, Action.VIEW, Action.MANAGE_CASES):
            assert visible(model, legal_a, action, "case") == by_office, action
            assert {names[pk] for pk in visible(model, ppk_a, action, "case")} <= {"B, turut termohon A"}
        assert {names[pk] for pk in visible(model, ppk_a, None, "case")} == {"B, turut termohon A"}


class TestClaims:
    """All claims of a case whose offices are in reach; elsewhere only claims located in reach, for every
    action (a claim's own location lets its office work on it)."""

    @pytest.fixture
    def claims(self):
        contest_b = ContestFactory(region_id=B)
        case_b = CaseFactory(respondent_office_id=B, contest=contest_b)
        turut = CaseFactory(respondent_office_id=B, contest=contest_b)
        turut.other_respondent_offices.set([A])
        return {
            "A": ClaimFactory(case=CaseFactory()),
            "B": ClaimFactory(case=case_b, locations=[B]),
            "B, located in A": ClaimFactory(case=case_b, locations=[TPS_A, KECAMATAN_A, B]),
            "B, turut termohon A": ClaimFactory(case=turut),
            "national": ClaimFactory(case=pemilu_case()),
        }

    def seen(self, claims, user, action=None):
        names = {claim.pk: name for name, claim in claims.items()}
        return {names[pk] for pk in visible(Claim, user, action)}

    def test_legal_division_of_a(self, claims, legal_a):
        expected = {"A", "B, located in A", "B, turut termohon A"}
        assert self.seen(claims, legal_a) == expected
        assert self.seen(claims, legal_a, Action.MANAGE_CASES) == expected

    def test_ppk_sees_only_claims_located_in_its_kecamatan(self, claims, ppk_a):
        assert self.seen(claims, ppk_a) == {"B, located in A"}

    def test_the_other_kabupaten_and_the_nation(self, claims, make_user):
        assert self.seen(claims, make_user(Role.LEGAL, B)) == {"B", "B, located in A", "B, turut termohon A"}
        assert self.seen(claims, make_user(Role.VIEWER, None)) == set(claims)

    def test_figures_follow_their_claim(self, claims, legal_a, ppk_a, make_user):
        for claim in claims.values():
            ClaimFigureFactory(claim=claim)
        for user in (legal_a, ppk_a, make_user(Role.LEGAL, B)):
            for action in (None, Action.MANAGE_CASES):
                assert visible(ClaimFigure, user, action, "claim") == visible(Claim, user, action)


class TestOwnRegionOnly:
    """Rows on their own region: no ancestors, no other way in."""

    def test_population(self, legal_a, ppk_a, make_user):
        for code in ("13", A, B):
            RegionPopulation.objects.create(region_id=code, year=2024, population=100_000)
        assert visible(RegionPopulation, legal_a, key="region") == {A}
        assert visible(RegionPopulation, ppk_a, key="region") == set()
        assert visible(RegionPopulation, make_user(Role.LEGAL, "13"), key="region") == {"13", A, B}

    def test_problems(self, legal_a, ppk_a):
        ProblemFactory(region_id=TPS_A)
        ProblemFactory(region_id=B)
        assert visible(Problem, legal_a, key="region") == {TPS_A}
        assert visible(Problem, ppk_a, Action.EDIT_INVENTORY, key="region") == {TPS_A}

    def test_regions(self, legal_a):
        codes = visible(Region, legal_a)
        assert A in codes and TPS_A in codes
        assert all(code == A or code.startswith(A + ".") for code in codes)

    def test_dossiers_ask_about_exporting_unless_told_otherwise(self, legal_a, make_user):
        for code in (A, B, None):
            DossierJob.objects.create(kind=DossierKind.INVENTORY, region_id=code, requested_by=legal_a)
        viewer_a = make_user(Role.VIEWER, A)
        assert visible(DossierJob, legal_a, key="region") == {A}
        assert visible(DossierJob, viewer_a, key="region") == set()
        assert visible(DossierJob, viewer_a, Action.VIEW, key="region") == {A}
        assert visible(DossierJob, make_user(Role.LEGAL, None), key="region") == {A, B, None}


class TestAncestorsSee:
    """Contests and the rows of a KPU office: for viewing, the regions above the reach and national rows
    too; for anything else only the region itself in reach."""

    def test_contests(self, ppk_a, make_user):
        election = ElectionFactory()
        for code, kind in (("13", ContestType.GUBERNUR), (A, ContestType.BUPATI), (B, ContestType.BUPATI)):
            ContestFactory(election=election, contest_type=kind, region_id=code)
        ContestFactory(election=election, contest_type=ContestType.PPWP, region_id=None)
        commissioner_a = make_user(Role.COMMISSIONER, A)
        assert visible(Contest, ppk_a, key="region") == {"13", A, None}
        assert visible(Contest, commissioner_a, key="region") == {"13", A, None}
        assert visible(Contest, commissioner_a, Action.MANAGE_ELECTIONS, key="region") == {A}
        assert visible(Contest, make_user(Role.VIEWER, "11.01"), key="region") == {None}

    @pytest.fixture
    def offices(self):
        election = teams.ElectionFactory()
        for code in ("13", A, B, None):
            team = teams.TeamFactory(office_id=code, election=election)
            member = teams.MemberFactory(team=team)
            teams.AssignmentFactory(member=member, region_id=code or "11")
            activity = teams.ActivityFactory(office_id=code)
            teams.FollowUpFactory(activity=activity, owner=member)
            ActivityFile.objects.create(
                activity=activity,
                kind=ActivityFileKind.MINUTES,
                file=f"activities/{code}.pdf",
                sha256="0" * 64,
                size=1,
                mime_type="application/pdf",
                original_name="notulen.pdf",
            )

    @pytest.mark.parametrize(
        "model", [TaskTeam, TeamMember, MemberAssignment, Activity, ActivityFollowUp, ActivityFile]
    )
    def test_rows_of_an_office(self, model, offices, ppk_a, make_user):
        path = model.objects.all().office_path
        secretariat_a = make_user(Role.SECRETARIAT, A)
        # Teams and members are seen from below; the work and the activities only where they touch the
        # reach (teams/models.py), and nothing planted here touches a reach below its office.
        above = {"13", A, None} if model in (TaskTeam, TeamMember) else set()
        assert visible(model, secretariat_a, key=path) == {A} | above
        assert visible(model, secretariat_a, Action.MANAGE_TEAM, key=path) == {A}
        assert visible(model, ppk_a, key=path) == above
        assert visible(model, make_user(Role.SECRETARIAT, "13"), Action.MANAGE_TEAM, key=path) == {"13", A, B}
