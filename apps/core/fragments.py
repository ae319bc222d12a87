"""Render an HTMX fragment without the context processors a whole page needs.

``render()`` runs every context processor for every response: the signed-in person,
flash messages, the safety banners, the CSP nonce. A whole page uses them; a fragment
such as one set's row does not, and it is what a person's phone asks for most often
(every logged set). A fragment rendered here gets only its own context, plus what its
forms need: the request and the CSRF token, exactly as ``render()`` would give them.

Use it only for fragments that need nothing else: tests render each such fragment both
ways and compare.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template


def render_fragment(
    request: HttpRequest, template_name: str, context: dict[str, Any]
) -> HttpResponse:
    """``render()`` for a fragment: its own context, the request and the CSRF token only."""
    template = get_template(template_name)
    content = template.render({**context, "request": request, "csrf_token": get_token(request)})
    return HttpResponse(content)
