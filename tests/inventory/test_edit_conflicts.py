"""Two people editing one problem: the second save never silently reverts the first. The page shows who
changed what since the form was loaded and keeps what was typed; the API answers a stale If-Match with
412 and the current version, and a PATCH without one writes only the fields it sends."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from inventory.choices import Risk, Status
from inventory.models import Problem
from inventory.services import problem_set_status
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.django_db

TPS = "13.02.03.2002.001"
ANI_TITLE = "Ballots short, confirmed by the PPK"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


class _FormValues(HTMLParser):
    """What a browser would submit from the page's problem form: inputs, textareas and selected options."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            self.values[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""
        elif tag == "select":
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(response) -> dict:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    parser = _FormValues()
    parser.feed(html.split('data-testid="problem-form"')[1].split("</form>")[0])
    return parser.values


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def ani(make_user):
    return make_user(Role.PPK, "13.02.03", username="ppk.ani")


@pytest.fixture
def budi(make_user):
    return make_user(Role.PPK, "13.02.03", username="ppk.budi")


@pytest.fixture
def problem():
    return ProblemFactory(region_id=TPS, title="Ballots short", risk=Risk.LOW, chronology="Counted twice.")


def conflict_panel(response) -> str:
    html = response.content.decode()
    assert 'data-testid="edit-conflict"' in html, "no conflict shown"
    return html.split('data-testid="edit-conflict"')[1].split("</section>")[0]


# Pages --------------------------------------------------------------------------------------------


def test_second_editor_is_told_who_changed_what_and_nothing_is_lost(ani, budi, problem):
    url = reverse("problem_update", args=[problem.pk])
    as_ani, as_budi = signed_in(ani), signed_in(budi)
    form_a, form_b = form_values(as_ani.get(url)), form_values(as_budi.get(url))

    form_a["title"] = ANI_TITLE
    assert as_ani.post(url, form_a).status_code == 302
    form_b["risk"] = Risk.HIGH
    response = as_budi.post(url, form_b)

    panel = conflict_panel(response)
    assert f"{ani} (ppk.ani)" in panel
    assert "Title" in panel
    assert ANI_TITLE in panel
    problem.refresh_from_db()
    assert (problem.title, problem.risk) == (ANI_TITLE, Risk.LOW)  # Budi's stale form saved nothing

    # Budi's own change is still in the form, Ani's is now in it too: saving again loses neither.
    again = form_values(response)
    assert (again["risk"], again["title"]) == (Risk.HIGH, ANI_TITLE)
    assert as_budi.post(url, again).status_code == 302
    problem.refresh_from_db()
    assert (problem.title, problem.risk, problem.chronology) == (ANI_TITLE, Risk.HIGH, "Counted twice.")


def test_both_changing_one_field_keeps_what_was_typed_and_shows_the_other_value(ani, budi, problem):
    url = reverse("problem_update", args=[problem.pk])
    as_ani, as_budi = signed_in(ani), signed_in(budi)
    form_a, form_b = form_values(as_ani.get(url)), form_values(as_budi.get(url))
    form_a["title"] = ANI_TITLE
    as_ani.post(url, form_a)
    form_b["title"] = "Ballots short at TPS 001 (Budi)"
    response = as_budi.post(url, form_b)

    assert ANI_TITLE in conflict_panel(response)
    assert form_values(response)["title"] == "Ballots short at TPS 001 (Budi)"
    assert ANI_TITLE in str(response.context["form"].errors["title"])
    problem.refresh_from_db()
    assert problem.title == ANI_TITLE


def test_a_status_change_meanwhile_is_named_too(ani, budi, problem):
    url = reverse("problem_update", args=[problem.pk])
    as_budi = signed_in(budi)
    form_b = form_values(as_budi.get(url))
    problem_set_status(actor=ani, problem=problem, status=Status.IN_PROGRESS)
    form_b["chronology"] = "Counted twice, then recounted."
    panel = conflict_panel(as_budi.post(url, form_b))
    assert "ppk.ani" in panel
    assert "Status" in panel
    problem.refresh_from_db()
    assert problem.chronology == "Counted twice."


def test_an_edit_saves_only_the_changed_fields_and_the_timeline_hides_the_version(ani, problem):
    url = reverse("problem_update", args=[problem.pk])
    as_ani = signed_in(ani)
    form = form_values(as_ani.get(url))
    assert form["version"] == "1"
    form["title"] = ANI_TITLE
    assert as_ani.post(url, form).status_code == 302
    problem.refresh_from_db()
    assert problem.version == 2
    record = problem.history.latest()
    assert record.version == 2
    assert [c.field for c in record.diff_against(record.prev_record).changes if c.field != "updated_at"] == ["title"]
    timeline = as_ani.get(reverse("problem_detail", args=[problem.pk])).content.decode()
    assert ANI_TITLE in timeline
    assert "Version" not in timeline.split('data-testid="timeline"')[1].split("</ol>")[0]


# API ----------------------------------------------------------------------------------------------


def api_as(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_api_gives_the_version_as_etag_and_refuses_a_stale_if_match(ani, budi, problem):
    url = reverse("problem-detail", args=[problem.pk])
    api_a, api_b = api_as(ani), api_as(budi)
    etag = api_b.get(url)["ETag"]
    assert etag == '"1"'

    first = api_a.patch(url, {"title": ANI_TITLE}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200, first.content
    assert first["ETag"] == '"2"'
    assert first.json()["version"] == 2

    stale = api_b.patch(url, {"title": "Budi's title"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412, stale.content
    assert stale["ETag"] == '"2"'
    assert stale.json()["extra"]["version"] == 2
    problem.refresh_from_db()
    assert (problem.title, problem.version) == (ANI_TITLE, 2)

    fresh = api_b.patch(url, {"risk": Risk.HIGH}, format="json", HTTP_IF_MATCH=stale["ETag"])
    assert fresh.status_code == 200, fresh.content
    problem.refresh_from_db()
    assert (problem.title, problem.risk, problem.version) == (ANI_TITLE, Risk.HIGH, 3)


@pytest.mark.parametrize("header", ["*", 'W/"1"', "1"])
def test_api_if_match_forms_that_match(ani, problem, header):
    url = reverse("problem-detail", args=[problem.pk])
    response = api_as(ani).patch(url, {"title": ANI_TITLE}, format="json", HTTP_IF_MATCH=header)
    assert response.status_code == 200, response.content


def test_api_garbled_if_match_matches_nothing(ani, problem):
    url = reverse("problem-detail", args=[problem.pk])
    response = api_as(ani).patch(url, {"title": ANI_TITLE}, format="json", HTTP_IF_MATCH="yesterday")
    assert response.status_code == 412
    assert Problem.objects.get().title == "Ballots short"


def test_api_status_change_based_on_an_old_version_is_refused(ani, budi, problem):
    """A status change queued on a phone while offline, sent after someone else edited the problem."""
    url = reverse("problem-detail", args=[problem.pk])
    etag = api_as(budi).get(url)["ETag"]
    assert api_as(ani).patch(url, {"title": ANI_TITLE}, format="json", HTTP_IF_MATCH=etag).status_code == 200

    status_url = reverse("problem-status", args=[problem.pk])
    stale = api_as(budi).post(status_url, {"status": Status.IN_PROGRESS}, format="json", HTTP_IF_MATCH=etag)

    assert stale.status_code == 412, stale.content
    assert stale["ETag"] == '"2"'
    problem.refresh_from_db()
    assert problem.status == Status.NEW
    fresh = api_as(budi).post(status_url, {"status": Status.IN_PROGRESS}, format="json", HTTP_IF_MATCH=stale["ETag"])
    assert fresh.status_code == 200, fresh.content
