"""Error pages: translated, with a way back; 403/404 inside the navigation; 500 and 503 self-contained and
without internals; a lost database answers a 503 page on HTML pages as the API answers JSON 503; the API
keeps answering JSON."""

import psycopg2
import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.choices import Role
from core.views_errors import server_error

NAV = 'data-testid="nav-dashboard"'
ERROR_PAGE = 'data-testid="error-page"'


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03")


@pytest.mark.django_db
def test_a_ppk_opening_the_user_list_gets_the_translated_403_inside_the_navigation(client, ppk):
    client.force_login(ppk)
    response = client.get(reverse("user_list"), HTTP_REFERER="http://testserver/inventory/")
    assert response.status_code == 403
    page = response.content.decode()
    assert ERROR_PAGE in page
    assert NAV in page
    assert '<html lang="id">' in page
    assert 'href="http://testserver/inventory/" data-testid="error-back"' in page
    assert f'href="{reverse("home")}" data-testid="error-home"' in page
    assert "403 Forbidden" not in page


@pytest.mark.django_db
def test_a_missing_page_is_a_404_inside_the_navigation_and_a_foreign_referer_is_not_offered(client, ppk):
    client.force_login(ppk)
    with translation.override("en"):
        expected = translation.gettext("Page not found")
    ppk.language = "en"
    ppk.save()
    response = client.get("/no-such-page/", HTTP_REFERER="https://evil.example/")
    assert response.status_code == 404
    page = response.content.decode()
    assert ERROR_PAGE in page
    assert NAV in page
    assert expected in page
    assert "evil.example" not in page


@pytest.mark.django_db
def test_api_paths_keep_json_errors(client, ppk):
    client.force_login(ppk)
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail", "message", "extra"}


@pytest.mark.django_db
def test_a_refused_form_gets_the_translated_csrf_page(ppk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ppk)
    response = client.post(reverse("language_switch"), {"language": "en"})
    assert response.status_code == 403
    page = response.content.decode()
    assert ERROR_PAGE in page
    assert NAV in page
    assert "CSRF" not in page


@pytest.mark.django_db
def test_a_server_error_shows_no_internals_and_needs_no_database(make_user, monkeypatch, django_assert_num_queries):
    from accounts import views

    def broken(**kwargs):
        raise RuntimeError("internal detail: password=hunter2")

    monkeypatch.setattr(views, "user_list", broken)
    admin = Client(raise_request_exception=False)
    admin.force_login(make_user(Role.COMMISSIONER, "13.02"))
    response = admin.get(reverse("user_list"))
    assert response.status_code == 500
    page = response.content.decode()
    assert ERROR_PAGE in page
    assert "hunter2" not in page
    assert "Traceback" not in page
    assert NAV not in page  # no user menu: it would need the database

    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        assert server_error(request).status_code == 500


def _terminate_own_backend() -> None:
    """End this test's database connection from the server side, as a restart or failover does."""
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ends a PostgreSQL connection")
@pytest.mark.django_db(transaction=True)
def test_a_page_whose_database_went_away_answers_the_translated_503(ppk):
    from tests.e2e.conftest import restore_session_data

    restore_session_data()
    try:
        client = Client(raise_request_exception=False)
        client.force_login(ppk)
        ended = []

        def end_before_the_list(execute, sql, params, many, context):
            if "inventory_problem" in sql and not ended:
                ended.append(sql)
                _terminate_own_backend()
            return execute(sql, params, many, context)

        with connection.execute_wrapper(end_before_the_list):
            response = client.get(reverse("problem_list"))
        assert ended
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        page = response.content.decode()
        assert ERROR_PAGE in page
        assert '<html lang="id">' in page
        assert "psycopg" not in page
        assert "terminat" not in page
        # The next request gets a fresh connection.
        assert client.get(reverse("problem_list")).status_code == 200
    finally:
        restore_session_data()
