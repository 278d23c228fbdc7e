"""The navigation offers only pages the user can open: no entry that answers 403 (a PPK's phone menu used
to lead to "Users" and "Dossiers"), and every entry shown opens."""

import re

import pytest
from django.urls import reverse

from accounts.choices import Role

pytestmark = pytest.mark.django_db

ENTRIES = ("nav-users", "nav-dossiers", "nav-verification", "nav-capture")


def menu_of(client, user) -> dict[str, str]:
    client.force_login(user)
    page = client.get(reverse("problem_list")).content.decode()
    nav = page[page.index('id="nav"') : page.index("</ul>", page.index('id="nav"'))]
    return {testid: href for href, testid in re.findall(r'href="([^"]+)" data-testid="(nav-[a-z]+)"', nav)}


@pytest.mark.parametrize(
    ("role", "code", "shown"),
    [
        (Role.PPK, "13.02.03", {"nav-capture"}),
        (Role.TECHNICAL, "13.02", {"nav-capture", "nav-verification", "nav-dossiers"}),
        (Role.SECRETARIAT, "13.02", {"nav-capture", "nav-users"}),
        (Role.VIEWER, "13.02", set()),
    ],
)
def test_each_role_sees_only_the_entries_it_can_open(client, make_user, role, code, shown):
    user = make_user(role, code)
    menu = menu_of(client, user)

    assert {entry for entry in ENTRIES if entry in menu} == shown
    for testid, href in menu.items():
        assert client.get(href, follow=True).status_code == 200, (testid, href)
