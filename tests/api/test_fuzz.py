"""The API against its own OpenAPI schema (schemathesis, in process through WSGI): generated requests
of every operation, valid and not, for a commissioner inside Kabupaten Solok and one outside it, must
never answer 5xx nor break the schema. And a sweep of every read operation with a path parameter,
filled with the identifiers of Solok's objects, for the outsider: never a 2xx.

Bounded: FUZZ_EXAMPLES generated requests per operation (default 5; CI's fuzz step uses more)."""

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.choices import Role
from tests.cases.factories import CaseFactory, ClaimFactory, ExhibitFactory
from tests.factories import AssignmentFactory, UserFactory
from tests.inventory.factories import ProblemFactory, evidence_dir, make_evidence
from tests.teams.factories import ActivityFactory, FollowUpFactory, MemberFactory, TeamFactory

__all__ = ["evidence_dir"]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
INSIDE, OUTSIDE = "13.02", "13.01"


@schemathesis.serializer("application/offset+octet-stream")
def _piece(ctx, value):
    """The bytes of a resumable upload's piece (tus PATCH), sent as they are."""
    return {"data": value if isinstance(value, bytes) else str(value).encode()}


@pytest.fixture
def world(db, evidence_dir):
    """Objects of every kind inside Kabupaten Solok, and a commissioner on each side with an API token."""
    inside = UserFactory(username="komisioner.solok")
    AssignmentFactory(user=inside, role=Role.COMMISSIONER, region_id=INSIDE)
    outside = UserFactory(username="komisioner.pesisir")
    AssignmentFactory(user=outside, role=Role.COMMISSIONER, region_id=OUTSIDE)
    problem = ProblemFactory(region_id="13.02.03.2002.001")
    evidence = make_evidence(problem=problem)
    case = CaseFactory(respondent_office_id=INSIDE)
    claim = ClaimFactory(case=case)
    team = TeamFactory(office_id=INSIDE)
    activity = ActivityFactory(office_id=INSIDE)
    objects = {
        "problems": problem.pk,
        "evidence": evidence.pk,
        "cases": case.pk,
        "claims": claim.pk,
        "exhibits": ExhibitFactory(case=case).pk,
        "teams": team.pk,
        "team-members": MemberFactory(team=team).pk,
        "activities": activity.pk,
        "activity-followups": FollowUpFactory(activity=activity).pk,
        "assignments": inside.assignments.get().pk,
        "regions": "13.02.03",
        "dashboard": "13.02.03",
    }
    return {
        "tokens": {
            name: Token.objects.create(user=user).key for name, user in (("inside", inside), ("outside", outside))
        },
        "objects": objects,
    }


@pytest.fixture
def api_schema(world):
    """The WSGI application itself, as schemathesis calls it. Django closes "old" connections at the end
    of every request, which inside the test's transaction means closing the test's own connection (an
    in-memory SQLite is spared, PostgreSQL is not); its test client switches that off, and so do we."""
    from django.core import signals
    from django.db import close_old_connections

    from phpu.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def fuzz(api_schema, token) -> int:
    """Every operation of the schema, EXAMPLES generated requests each; returns how many operations."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    failures = []
    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case):
            # Identity encoding: the WSGI transport hands the body over as sent, and the API gzips for clients
            # that accept it (phpu/compression.py), which every HTTP client decodes itself.
            headers = {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}
            case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except Exception as exc:  # every operation's failure, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
    return len(operations)


def test_inside_no_server_error_and_schema_kept(world, api_schema):
    assert fuzz(api_schema, world["tokens"]["inside"]) >= 80


def test_outside_no_server_error_and_schema_kept(world, api_schema):
    assert fuzz(api_schema, world["tokens"]["outside"]) >= 80


PARAM = re.compile(r"\{[a-z_]+\}")


def test_the_outsider_gets_no_2xx_on_solok_objects(client, world, api_schema):
    headers = {"HTTP_AUTHORIZATION": f"Token {world['tokens']['outside']}"}
    inside_headers = {"HTTP_AUTHORIZATION": f"Token {world['tokens']['inside']}"}
    swept = []
    for path, methods in api_schema.raw_schema["paths"].items():
        if "get" not in methods or not PARAM.search(path):
            continue
        resource = path.split("/")[2]
        if resource not in world["objects"]:
            continue
        url = PARAM.sub(str(world["objects"][resource]), path, count=1)
        if PARAM.search(url):
            continue
        # The sweep means something only where the insider does get the object.
        if client.get(url, **inside_headers).status_code != 200:
            continue
        response = client.get(url, **headers)
        assert response.status_code in (403, 404), (url, response.status_code)
        swept.append(url)
    assert len(swept) >= 20, swept
