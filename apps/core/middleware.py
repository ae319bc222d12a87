"""Requests no view should ever see."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def reject_nul_in_url(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """A NUL byte in the path or query string answers 400 before any view runs.

    No address of ours contains one, and PostgreSQL refuses NUL in text, so a token or
    slug carrying one would otherwise fail deep in a query. Form fields are left to the
    forms, which reject NUL with a message next to the field and keep what was typed.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        query = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path or "\x00" in query:
            raise BadRequest("NUL byte in the address")
        return get_response(request)

    return middleware


def signed_in_pages_not_stored(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Every response to a signed-in person is ``Cache-Control: no-store``.

    Nearly every signed-in page can show something private: the safety banners and the
    guidance appear across the app, the crisis page shows the safety plan, Today shows
    the journal. On a shared phone, a page kept by the browser or a proxy would show it
    again after logging out. A view that sets its own ``Cache-Control`` keeps it.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    return middleware
