"""The one check on ``next`` URLs that every redirect after a form goes through."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from apps.core.http import safe_next_url, with_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/workouts/sessions/3/", "/workouts/sessions/3/"),
        ("/journal/?range=3m", "/journal/?range=3m"),
        ("//evil.example/", "/fallback/"),
        ("https://evil.example/", "/fallback/"),
        ("http://testserver/today/", "/fallback/"),
        ("/\\evil.example", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_only_paths_on_this_site_are_followed(target: str, expected: str) -> None:
    request = RequestFactory().post("/", {"next": target})
    assert safe_next_url(request, "/fallback/") == expected


def test_the_query_string_is_read_when_nothing_is_posted() -> None:
    request = RequestFactory().get("/", {"next": "/today/"})
    assert safe_next_url(request) == "/today/"
    assert safe_next_url(RequestFactory().get("/")) == ""


def test_with_next_adds_the_parameter_only_when_there_is_one() -> None:
    assert with_next("/safety/readiness/", "/programs/3/enroll/") == (
        "/safety/readiness/?next=%2Fprograms%2F3%2Fenroll%2F"
    )
    assert with_next("/safety/readiness/", "") == "/safety/readiness/"
