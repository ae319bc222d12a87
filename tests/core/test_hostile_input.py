"""Hostile input against every form a signed-in person can reach.

Forms are discovered, not listed: every page in the authorization matrix is fetched as
the demo user (who has data on every page), every ``<form method="post">`` on it is
collected with its field names, and Hypothesis posts generated junk to each: huge and
negative numbers, unicode, empty strings, wrong types, very long text, markup. The
server must never answer 5xx, and a rejected submission must write nothing.
Afterwards no page may contain the injected markup unescaped.
"""

from __future__ import annotations

import html.parser
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts.models import User
from tests.core.test_authz_matrix import CASES

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert('steady')</script>"
# Forms that end the session or the account: exercised by their own tests.
SKIP_ACTIONS = (
    reverse("account_logout"),
    reverse("accounts:delete"),
    reverse("account_reauthenticate"),
)
STEADY_APPS = {"accounts", "programs", "workouts", "journal", "safety", "reminders"}

junk = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", " ", "-1", "0", "1e9", "NaN", "inf", "5000", "99999999999999999999"]),
    st.sampled_from(["2026-02-30", "not a date", "1900-01-01", "9999-12-31", "25:61"]),
    st.text(min_size=0, max_size=40),
    st.text(min_size=2000, max_size=6000, alphabet="ab\u00e9\u4e2d\U0001f600 "),
    st.just(MARKUP),
    st.just("null\x00byte"),
)


@dataclass
class Form:
    page: str
    action: str
    fields: list[str] = field(default_factory=list)


class FormCollector(html.parser.HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._current = Form(self.page, a.get("action") or self.page)
        elif tag in ("input", "select", "textarea") and self._current is not None:
            name = a.get("name")
            if name and name != "csrfmiddlewaretoken" and name not in self._current.fields:
                self._current.fields.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def demo_client() -> tuple[User, Client]:
    call_command("seed_demo")
    user = User.objects.get(email="demo@steady.local")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return user, client


def owner_pages(user: User) -> list[str]:
    pages = []
    for case in CASES:
        if case.method != "get" or case.htmx or case.kind == "token":
            continue
        kwargs = case.make_kwargs(user) if case.make_kwargs else {}
        pages.append(reverse(case.url_name, kwargs=kwargs) + case.query)
    return sorted(set(pages))


def discover_forms(client: Client, pages: list[str]) -> list[Form]:
    forms: dict[tuple[str, tuple[str, ...]], Form] = {}
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        collector = FormCollector(page)
        collector.feed(response.content.decode())
        for form in collector.forms:
            if form.action.startswith(SKIP_ACTIONS) or form.action.startswith("http"):
                continue
            forms.setdefault((form.action, tuple(form.fields)), form)
    return list(forms.values())


def row_counts() -> dict[str, int]:
    models: list[type[Model]] = [m for m in apps.get_models() if m._meta.app_label in STEADY_APPS]
    return {m._meta.label: m._default_manager.count() for m in models}


def looks_rejected(response: Any) -> bool:
    if response.status_code >= 400:
        return True
    body = response.content.decode(errors="replace") if response.status_code == 200 else ""
    return 'aria-invalid="true"' in body or "errorlist" in body


def test_forms_survive_hostile_input() -> None:
    user, client = demo_client()
    forms = discover_forms(client, owner_pages(user))
    assert len(forms) >= 5, f"expected the app's forms to be discovered, got {forms}"

    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def post_junk(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(forms))
        payload = {name: data.draw(junk, label=name) for name in form.fields}
        before = row_counts()
        response = client.post(form.action, payload)
        assert response.status_code < 500, f"{form.action} answered {response.status_code}"
        if looks_rejected(response):
            assert row_counts() == before, f"{form.action} wrote rows while rejecting input"
        htmx = client.post(form.action, payload, HTTP_HX_REQUEST="true")
        assert htmx.status_code < 500, f"{form.action} (htmx) answered {htmx.status_code}"

    post_junk()

    for page in owner_pages(user):
        body = client.get(page).getvalue().decode(errors="replace")
        assert MARKUP not in body, f"unescaped user text on {page}"
