"""``{% load safety %}{% session_guidance %}``: caution items after a session.

For the workouts app's finish / session summary pages: shows the person's active caution
items with their "Why am I seeing this?" links. Reuses the request's guidance when the
page has already computed it; otherwise five queries, whatever the history.
"""

from __future__ import annotations

from typing import Any

from django import template

from apps.accounts.models import User
from apps.safety.presentation import shown_items
from apps.safety.selectors import request_guidance, request_responses

register = template.Library()


@register.inclusion_tag("safety/_session_guidance.html", takes_context=True)
def session_guidance(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not isinstance(user, User):
        return {"guidance_cautions": []}
    items = request_guidance(request, user, user.local_today())
    shown = shown_items(items, request_responses(request, user, items))
    return {"guidance_cautions": [s for s in shown if s.severity == "caution" and not s.checked]}
