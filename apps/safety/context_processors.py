"""Urgent guidance banners shown on every page until acknowledged.

Lazy: nothing is queried unless a template actually renders the banners (HTMX fragments
don't), never for anonymous visitors, and at most once per request.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def safety_banners(request: HttpRequest) -> dict[str, Any]:
    def load() -> list[Any]:
        from apps.safety.presentation import banners_for_request

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        return banners_for_request(request)

    return {"safety_banners": SimpleLazyObject(load)}
