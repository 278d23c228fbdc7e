"""Leaks through linked objects: every GET route, page and API, crawled as users whose reach leaves out
kecamatan B (a PPK and a PPS of its sibling A, a commissioner of the neighbouring kabupaten, the legal division
of an office that is only co-respondent of another office's case), with its path filled with every planted
object of the kind it takes. No response body, file or header may hold a marker of something the viewer does
not reach (tests/scoping/world.py plants the objects and says where each marker belongs).

A route whose path this probe cannot fill fails `test_every_route_is_crawled` until it gets a kind in
`PATH_KINDS` or a reason in `NOT_CRAWLED`, as tests/scoping/test_coverage.py does for the scoping tests.
"""

import copy
import io
import zipfile
from urllib.parse import urlencode

import pytest
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.choices import Action
from accounts.scoping import reach_of
from tests.scoping import world as probe_world

# Routes not crawled: they act on the caller's own session or account (a GET could sign the probe out or
# change what it is), or describe the API without data.
NOT_CRAWLED = {
    "login": "public sign-in page",
    "logout": "ends the caller's session",
    "password_setup": "one-time link bound to one account by its token",
    "password_change": "the caller's own password",
    "two_factor_setup": "the caller's own second factor",
    "two_factor_verify": "the caller's own second factor",
    "recovery_codes_renew": "renews the caller's own recovery codes",
    "security": "the caller's own sessions and security events",
    "sign_out_everywhere": "ends the caller's sessions",
    "token": "the caller's own API token",
    "token_create": "the caller's own API token",
    "token_revoke": "the caller's own API token",
    "set_language": "a cookie",
    "schema": "the OpenAPI description, no data",
    "swagger-ui": "the OpenAPI description, no data",
    "notification_read_all": "marks the caller's own notifications read",
    "upload-list": "resumable uploads answer no GET (tus: POST, HEAD, PATCH, DELETE)",
    "upload-detail": "the caller's own resumable upload, no GET; others' answer 404 (test_resumable.py)",
}

# What each path parameter of a route takes: a kind of planted object (World.ids).
_CASE = {"pk": "case"}
_CLAIM = {"pk": "claim"}
_TEAM = {"pk": "team"}
_MEMBER = {"pk": "member"}
_ACTIVITY = {"pk": "activity"}
_DOSSIER = {"pk": "dossier"}
_PROBLEM = {"pk": "problem"}
_EVIDENCE = {"pk": "evidence"}
_REGION = {"code": "region"}
_OFFICE = {"code": "office"}
PATH_KINDS = {
    "user_detail": {"username": "username"},
    "two_factor_reset": {"username": "username"},
    "assignment_revoke": {"pk": "account_assignment"},
    "assignment-detail": {"pk": "account_assignment"},
    "region_detail": _REGION,
    "region-detail": _REGION,
    "region-children": _REGION,
    "evidence_coverage": _REGION,
    "dashboard_region": _REGION,
    "dashboard-detail": _REGION,
    "readiness-detail": {"code": "readiness"},
    **dict.fromkeys(("problem_detail", "problem_update", "problem_status", "problem_comment"), _PROBLEM),
    **dict.fromkeys(("problem-detail", "problem-comments"), _PROBLEM),
    **dict.fromkeys(
        (
            "evidence_detail",
            "evidence_verify",
            "evidence_certified",
            "evidence_download",
            "evidence_preview",
            "evidence_viewer",
        ),
        _EVIDENCE,
    ),
    "evidence-detail": _EVIDENCE,
    **dict.fromkeys(
        (
            "case_detail",
            "case_update",
            "case_status",
            "hearing_create",
            "case_population",
            "claim_create",
            "exhibit_create",
            "case_exhibit_reorder",
            "counsel_create",
            "case_figures",
            "case_figures_export",
            "case_dossiers",
            "case_dossier_panel",
        ),
        _CASE,
    ),
    **dict.fromkeys(("case-detail", "case-counsel", "case-deadlines", "case-hearings", "case-warnings"), _CASE),
    "counsel_update": {"pk": "counsel"},
    "counsel_remove": {"pk": "counsel"},
    "exhibit_update": {"pk": "exhibit"},
    "exhibit-detail": {"pk": "exhibit"},
    **dict.fromkeys(
        (
            "claim_detail",
            "claim_update",
            "claim_figures",
            "claim_cite",
            "claim_uncite",
            "claim_problem",
            "claim_figures_import",
            "claim_figures_template",
        ),
        _CLAIM,
    ),
    **dict.fromkeys(("claim-detail", "claim-consistency", "claim-figures"), _CLAIM),
    **dict.fromkeys(("office_detail", "team_create", "activity_list", "activity_create", "activity_export"), _OFFICE),
    **dict.fromkeys(
        ("team_detail", "team_update", "team_status", "team_sk_download", "team_export", "member_create"), _TEAM
    ),
    **dict.fromkeys(("team-detail", "team-workload"), _TEAM),
    **dict.fromkeys(("member_detail", "member_update", "member_remove", "assignment_create"), _MEMBER),
    "team-member-detail": _MEMBER,
    "assignment_done": {"pk": "team_assignment"},
    "team-assignment-detail": {"pk": "team_assignment"},
    **dict.fromkeys(("activity_detail", "activity_update", "followup_create", "activity_file_upload"), _ACTIVITY),
    "activity-detail": _ACTIVITY,
    "followup_done": {"pk": "followup"},
    "activity-followup-detail": {"pk": "followup"},
    "activity_file_download": {"pk": "activity_file"},
    **dict.fromkeys(
        (
            "dossier_job",
            "dossier_retry",
            "dossier_cancel",
            "dossier_download",
            "dossier_manifest",
            "dossier_manifest_pdf",
        ),
        _DOSSIER,
    ),
    **dict.fromkeys(("dossier-detail", "dossier-download", "dossier-manifest", "dossier-manifest-pdf"), _DOSSIER),
    "notification_read": {"pk": "notification"},
    "election-detail": {"pk": "election"},
    "dapil-detail": {"pk": "dapil"},
    "contest-detail": {"pk": "contest"},
    "participant-detail": {"pk": "participant"},
}

# Query strings tried on every route without path parameters: filters that point into B or at the office,
# and a search for a word of B's texts.
LIST_QUERIES = ({}, {"region": probe_world.B}, {"office": probe_world.OFFICE}, {"q": probe_world.BAIT})
# Downloads in another format than their default.
FORMATS = ({}, {"format": "csv"}, {"format": "xlsx"})


def _routes(resolver=None):
    """(name, path parameter names, whether it answers GET) of every named route outside the admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _routes(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name:
            actions = getattr(pattern.callback, "actions", None)
            params = tuple(pattern.pattern.regex.groupindex)
            yield pattern.name, params, actions is None or "get" in actions


def crawled_routes():
    return sorted({(name, params) for name, params, get in _routes() if get and name not in NOT_CRAWLED})


def urls_of(world, name: str, params: tuple) -> list[str]:
    """Every URL of the route: its path filled with every planted object of each kind, with each query."""
    paths = [reverse(name)] if not params else []
    if params and name in PATH_KINDS:  # test_every_route_is_crawled fails for the others
        # One parameter per route today; several would need a product.
        (param,) = params
        paths = [reverse(name, kwargs={param: value}) for value in world.ids[PATH_KINDS[name][param]]]
    queries = FORMATS if name.endswith(("_export", "_template")) else LIST_QUERIES if not params else ({},)
    return [path + ("?" + urlencode(q) if q else "") for path in paths for q in queries]


def body_text(response) -> str:
    """What a person gets: the body (unzipped for XLSX/DOCX, text of a PDF) and the headers, lower-cased."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [data, str(sorted(response.items())).encode()]
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts += [archive.read(name) for name in archive.namelist()]
    if data[:5] == b"%PDF-":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        parts += [(page.extract_text() or "").encode() for page in reader.pages]
        parts.append(str(reader.metadata or {}).encode())
    return b"\n".join(parts).decode("utf-8", "replace").lower()


def leaks_in(text: str, world, viewer) -> list[str]:
    reach = reach_of(viewer, Action.VIEW)
    found = []
    for marker, (places, what) in world.markers.items():
        if marker in text and not any(reach.contains(place) for place in places):
            found.append(f"{marker} ({what})")
    return found


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module inside a transaction rolled back at its end (as TestCase's
    setUpTestData); each test runs in a savepoint inside it. Stored files go to a folder of the module's own;
    each viewer is signed in once (`world.sessions`)."""
    patch = pytest.MonkeyPatch()
    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()
        try:
            _store_files_in(patch, tmp_path_factory.mktemp("linked-evidence"))
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                built = probe_world.build()
            built.sessions = {name: _signed_in(user) for name, user in built.viewers.items()}
        except BaseException:
            TestCase._rollback_atomics(atomics)
            patch.undo()
            raise
    yield built
    with django_db_blocker.unblock():
        TestCase._rollback_atomics(atomics)
    patch.undo()


def _signed_in(user):
    """Session cookies of a whole sign-in, second factor passed (as tests/conftest.py's `force_login`)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.security import requires_second_factor

    client = Client()
    client.force_login(user)
    if requires_second_factor(user):
        device = TOTPDevice.objects.create(user=user, name="probe", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client.cookies


def _store_files_in(patch, location) -> None:
    """tests/inventory/factories.py's `evidence_dir`, for a whole module."""
    from inventory.storage import evidence_storage
    from tests.inventory.factories import use_storage

    storage = evidence_storage()
    patch.setattr(storage, "_location", str(location))
    for cached in ("base_location", "location"):
        patch.delitem(storage.__dict__, cached, raising=False)
    use_storage(patch, "evidence", storage)


VIEWERS = ("ppk_a", "pps_a", "commissioner_neighbour", "legal_corespondent")


def _params(api_only=False):
    for viewer in VIEWERS:
        for name, params in crawled_routes():
            if api_only and not reverse_path(name, params).startswith("/api/"):
                continue
            yield pytest.param(viewer, name, params, id=f"{viewer}-{name}")


def reverse_path(name: str, params: tuple) -> str:
    """The route's path with placeholder values, to tell API routes from pages."""
    return reverse(name, kwargs=dict.fromkeys(params, "1"))


def _client(world, viewer) -> Client:
    client = Client()
    client.cookies = copy.deepcopy(world.sessions[viewer])
    return client


def _crawl(world, viewer, name, urls, **headers) -> None:
    user = world.viewers[viewer]
    client = _client(world, viewer)
    leaks = []
    for url in urls:
        response = client.get(url, follow=True, **headers)
        assert response.status_code < 500, (url, response.status_code)
        leaks += [f"{url}: {marker}" for marker in leaks_in(body_text(response), world, user)]
    assert not leaks, f"{viewer} reads out of reach on {name}:\n" + "\n".join(leaks)


@pytest.mark.django_db
@pytest.mark.parametrize(("viewer", "name", "params"), list(_params()))
def test_no_marker_out_of_reach(world, viewer, name, params):
    _crawl(world, viewer, name, urls_of(world, name, params))


@pytest.mark.django_db
@pytest.mark.parametrize(("viewer", "name", "params"), list(_params(api_only=True)))
def test_no_marker_in_browsable_api(world, viewer, name, params):
    """What a browser gets from the API (Accept: text/html). DRF's browsable page offered the choices of
    every related field in its forms, even on a 404; the API now answers JSON only, and this keeps it so.
    One URL per route: the choices do not hang on the object."""
    _crawl(world, viewer, name, urls_of(world, name, params)[:1], HTTP_ACCEPT="text/html")


@pytest.mark.django_db  # ordered with the other database tests, before any that flush the regions
def test_every_route_is_crawled(world):
    """A route whose path parameters the probe cannot fill fails here (give it a kind or a reason)."""
    unfilled = [
        name
        for name, params in crawled_routes()
        if params and not all(world.ids.get(PATH_KINDS.get(name, {}).get(p)) for p in params)
    ]
    assert not unfilled, f"routes the linked-object probe cannot fill: {unfilled}"
    names = {name for name, _params, _get in _routes()}
    assert not (set(NOT_CRAWLED) | set(PATH_KINDS)) - names, "entries for routes that are gone"


@pytest.mark.django_db
def test_the_probe_sees_what_is_in_reach(world):
    """The probe means something only where the markers do show to those who reach them: the office's legal
    division reads B's problem, the case's exhibits and the team's SK scan, and the case it is co-respondent
    in; the PPK of A reads the case through its claim in A (the partial view is crawled, not a 404)."""
    legal, ppk = _client(world, "legal_corespondent"), _client(world, "ppk_a")
    case, case_n = world.ids["case"]
    expected = [
        (legal, reverse("problem_detail", args=[world.ids["problem"][0]]), "leakbproblemtitle"),
        (legal, reverse("case_detail", args=[case]), "leakcexhibitdescription"),
        (legal, reverse("team_sk_download", args=[world.ids["team"][0]]), "leakoskfile"),
        (legal, reverse("case_detail", args=[case_n]), "leakncasesummary"),
        (ppk, reverse("case_detail", args=[case]), "leakccasesummary"),
    ]
    for client, url, marker in expected:
        assert marker in body_text(client.get(url)), (url, marker)


@pytest.mark.django_db  # ordered with the other database tests, before any that flush the regions
def test_markers_are_distinct(world):
    """No marker is part of another, so a hit names one planted text."""
    markers = list(world.markers)
    assert not [(a, b) for a in markers for b in markers if a != b and a in b]
