"""Urgent guidance banners shown on every page (filled in by the safety engine)."""

from typing import Any

from django.http import HttpRequest


def safety_banners(request: HttpRequest) -> dict[str, Any]:
    return {"safety_banners": []}
