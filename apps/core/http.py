"""What every app's views share: the HTMX request type and the one check on ``next`` URLs."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (``request.htmx``)."""

    htmx: HtmxDetails


def safe_next_url(request: HttpRequest, fallback: str = "") -> str:
    """The ``next`` URL posted or in the query string if it is a path on this site, else
    ``fallback``: a redirect never leaves the site (no open redirect)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback


def with_next(url: str, next_url: str) -> str:
    """``url`` carrying ``next_url`` as its ``next`` parameter (unchanged when empty)."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
