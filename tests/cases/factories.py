"""Factories for the cases tests (shared by the engine, model, service, page and API tests).

The default case is a PHP Bupati case against KPU Kabupaten Solok (13.02), Pilkada 2024, registered
in 2025: the demo's shape. `pemilu_case()` makes a legislative one against KPU RI.
"""

import datetime as dt

import factory
from django.db.models import Max

from cases.choices import CaseKind, HearingAgenda, Metric
from cases.deadlines import WIB
from cases.models import Case, Citation, Claim, ClaimFigure, Counsel, Exhibit, Hearing
from elections.choices import ContestType, ElectionKind, ParticipantKind
from elections.models import Contest, Election, Participant


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election
        django_get_or_create = ("name",)

    name = "Pilkada 2024"
    kind = ElectionKind.PILKADA
    voting_date = dt.date(2024, 11, 27)


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest
        django_get_or_create = ("election", "contest_type", "region_id")

    election = factory.SubFactory(ElectionFactory)
    contest_type = ContestType.BUPATI
    region_id = "13.02"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    contest = factory.SubFactory(ContestFactory)
    kind = ParticipantKind.PAIR
    name = factory.Sequence(lambda n: f"Paslon {n}")
    ballot_number = factory.Sequence(lambda n: n + 1)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    register_number = factory.Sequence(lambda n: f"{n + 1}/PHPU.BUP-XXIII/2025")
    kind = CaseKind.PHP_BUPATI
    contest = factory.SubFactory(ContestFactory)
    applicant = factory.LazyAttribute(lambda o: ParticipantFactory(contest=o.contest))
    related_party = factory.LazyAttribute(lambda o: ParticipantFactory(contest=o.contest))
    respondent_office_id = "13.02"
    result_decree_at = dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB)


def pemilu_case(**kwargs) -> Case:
    """A PHPU DPR-DPRD case against KPU RI (no respondent office)."""
    election = ElectionFactory(name="Pemilu 2024", kind=ElectionKind.PEMILU, voting_date=dt.date(2024, 2, 14))
    contest = ContestFactory(election=election, contest_type=ContestType.DPR, region_id=None)
    defaults = {
        "register_number": f"{Case.objects.count() + 100}-01-17-13/PHPU.DPR-DPRD-XXII/2024",
        "kind": CaseKind.PHPU_DPR_DPRD,
        "contest": contest,
        "applicant": ParticipantFactory(contest=contest, kind=ParticipantKind.PARTY),
        "related_party": None,
        "respondent_office_id": None,
        "result_decree_at": dt.datetime(2024, 3, 20, 22, 19, tzinfo=WIB),
    }
    return CaseFactory(**{**defaults, **kwargs})


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    starts_at = dt.datetime(2025, 1, 13, 8, 0, tzinfo=WIB)
    agenda = HearingAgenda.PRELIMINARY


class CounselFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counsel

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Advokat {n}, S.H.")
    position = factory.Sequence(lambda n: n + 1)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    summary = factory.Sequence(lambda n: f"Dalil {n}: votes were moved at the TPS.")

    @factory.post_generation
    def locations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.locations.set(extracted)


class ClaimFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimFigure

    claim = factory.SubFactory(ClaimFactory)
    region_id = "13.02.03.2002.001"
    participant = factory.LazyAttribute(lambda o: o.claim.case.applicant if o.metric == Metric.VOTES else None)
    metric = Metric.VOTES
    applicant_value = 250
    official_value = 130


class ExhibitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibit
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    sequence = factory.LazyAttribute(lambda o: (o.case.exhibits.aggregate(top=Max("sequence"))["top"] or 0) + 1)
    description = factory.Sequence(lambda n: f"Model C.Hasil TPS {n:03d}")


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    claim = factory.SubFactory(ClaimFactory)
    exhibit = factory.LazyAttribute(lambda o: ExhibitFactory(case=o.claim.case))
