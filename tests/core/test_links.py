"""``row_url`` gives each row the address ``reverse()`` would."""

import pytest
from django.urls import reverse

from apps.core.links import row_url

NAMES = [
    "workouts:session_detail",
    "workouts:set_edit",
    "workouts:exercise_swap",
    "journal:checkin_detail",
    "journal:questionnaire_detail",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("pk", [1, 7, 10, 2_147_483, 98_765_432_101])
def test_row_url_matches_reverse(name: str, pk: int) -> None:
    assert row_url(name).for_id(pk) == reverse(name, args=[pk])


def test_template_halves_make_the_same_address() -> None:
    url = row_url("journal:checkin_detail")
    assert f"{url.head}42{url.tail}" == reverse("journal:checkin_detail", args=[42])
