"""Every journal URL: anonymous → log in, stranger → 404 for owned objects, owner → OK."""

from __future__ import annotations

from typing import Any

from apps.accounts.models import User
from tests.authz import Case
from tests.factories import CheckInFactory, QuestionnaireResponseFactory


def own_checkin(owner: User) -> dict[str, Any]:
    return {"pk": CheckInFactory(user=owner, note="private words").pk}


def own_questionnaire(owner: User) -> dict[str, Any]:
    return {"pk": QuestionnaireResponseFactory(user=owner).pk}


def checkin_answers(owner: User) -> dict[str, Any]:
    return {"mood": "6"}


CASES = [
    Case("journal:timeline", "login"),
    Case("journal:timeline", "login", query="?page=2", htmx=True),
    Case("journal:insights", "login"),
    Case("journal:prompt_dismiss", "login", method="post", owner_status=302),
    Case("journal:prompt_dismiss", "login", method="post", htmx=True),
    Case("journal:checkin_create", "login", query="?kind=before"),
    Case(
        "journal:checkin_create",
        "login",
        method="post",
        data=checkin_answers,
        owner_status=302,
    ),
    Case("journal:checkin_detail", "owner", make_kwargs=own_checkin),
    Case("journal:checkin_edit", "owner", make_kwargs=own_checkin),
    Case(
        "journal:checkin_edit",
        "owner",
        make_kwargs=own_checkin,
        method="post",
        data=checkin_answers,
        owner_status=302,
    ),
    Case("journal:checkin_delete", "owner", make_kwargs=own_checkin),
    Case(
        "journal:checkin_delete", "owner", make_kwargs=own_checkin, method="post", owner_status=302
    ),
    Case("journal:questionnaire_create", "login", make_kwargs=lambda owner: {"kind": "phq9"}),
    Case("journal:questionnaire_create", "login", make_kwargs=lambda owner: {"kind": "who5"}),
    Case("journal:questionnaire_create", "login", make_kwargs=lambda owner: {"kind": "phq2"}),
    Case("journal:questionnaire_detail", "owner", make_kwargs=own_questionnaire),
    Case("journal:questionnaire_delete", "owner", make_kwargs=own_questionnaire),
    Case(
        "journal:questionnaire_delete",
        "owner",
        make_kwargs=own_questionnaire,
        method="post",
        owner_status=302,
    ),
]
