"""Requests no view should ever see."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


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
