"""Walk every URL name as anonymous, stranger and owner (see tests/authz.py)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from apps.accounts.models import User
from tests.authz import EXEMPT_NAMESPACES, EXEMPT_PREFIXES, Case
from tests.factories import UserFactory
from tests.html_checks import assert_headings_in_order, assert_valid_html


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for module_info in pkgutil.iter_modules(tests.__path__):
        try:
            module = importlib.import_module(f"tests.{module_info.name}.authz_cases")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{module_info.name}.authz_cases":
                raise
            continue
        cases.extend(module.CASES)
    return cases


CASES = all_cases()


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def is_exempt(name: str) -> bool:
    return name.split(":")[0] in EXEMPT_NAMESPACES or name.startswith(EXEMPT_PREFIXES)


def test_every_url_name_has_a_case() -> None:
    covered = {case.url_name for case in CASES}
    missing = sorted(name for name in url_names() if not is_exempt(name) and name not in covered)
    assert not missing, f"URL names without an authorization case: {missing}"


def request(client: Client, case: Case, user: User, kwargs: dict[str, Any]) -> Any:
    url = reverse(case.url_name, kwargs=kwargs) + case.query
    headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
    if case.method == "post":
        return client.post(url, case.data(user) if case.data else {}, **headers)
    return client.get(url, **headers)


def expected(status: int | tuple[int, ...]) -> tuple[int, ...]:
    return status if isinstance(status, tuple) else (status,)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_anonymous(case: Case) -> None:
    owner = UserFactory()
    kwargs = case.make_kwargs(owner) if case.make_kwargs else {}
    response = request(Client(), case, owner, kwargs)
    if case.kind in ("public", "token"):
        assert response.status_code in expected(case.owner_status)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", [c for c in CASES if c.kind in ("owner", "token")], ids=lambda c: c.id
)
def test_stranger_gets_404(case: Case) -> None:
    owner, stranger = UserFactory(), UserFactory()
    client = Client()
    client.force_login(stranger)
    if case.kind == "token":
        assert case.make_bad_kwargs is not None, f"{case.url_name} needs make_bad_kwargs"
        kwargs = case.make_bad_kwargs(owner)
    else:
        assert case.make_kwargs is not None
        kwargs = case.make_kwargs(owner)
    response = request(client, case, stranger, kwargs)
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_owner(case: Case) -> None:
    owner = UserFactory()
    kwargs = case.make_kwargs(owner) if case.make_kwargs else {}
    client = Client()
    if case.kind != "public" or case.extra.get("logged_in", True):
        client.force_login(owner)
    response = request(client, case, owner, kwargs)
    assert response.status_code in expected(case.owner_status), response.content[:500]
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        assert_valid_html(response, fragment=case.htmx)
        assert_headings_in_order(response, fragment=case.htmx)
        for template_syntax in (b"{#", b"#}", b"{%", b"%}"):
            assert template_syntax not in response.content, "template text leaked"
