"""Journal timeline, charts, PHQ-9 prompt and insights pages."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from tests.factories import (
    CheckInFactory,
    JournalSessionFactory,
    QuestionnaireResponseFactory,
)
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db
TIMELINE = reverse("journal:timeline")


def days_ago(user: User, n: int) -> dt.date:
    return user.local_today() - dt.timedelta(days=n)


def test_empty_timeline_is_calm_and_valid(owner_client: Client) -> None:
    response = owner_client.get(TIMELINE)
    html = response.content.decode()
    assert "Nothing here yet" in html
    assert "Your chart will appear here" in html
    assert_valid_html(response)


def test_timeline_merges_check_ins_and_questionnaires_newest_first(
    owner: User, owner_client: Client
) -> None:
    CheckInFactory(user=owner, date=days_ago(owner, 2), mood=3, note="older note")
    QuestionnaireResponseFactory(user=owner, date=days_ago(owner, 1))
    CheckInFactory(user=owner, date=days_ago(owner, 0), mood=8, tags=["proud"])
    html = owner_client.get(TIMELINE).content.decode()
    timeline = html.split('id="timeline-list"', 1)[1]
    mood8 = timeline.index("Mood 8 · Good")
    phq9 = timeline.index("8 of 27 · Mild")
    mood3 = timeline.index("Mood 3 · Low")
    assert mood8 < phq9 < mood3
    assert '<li class="badge">proud</li>' in timeline
    assert "<summary>Note</summary><p>older note</p>" in timeline


def test_pages_load_with_htmx_and_work_as_plain_links(
    owner: User, owner_client: Client, htmx_headers: dict[str, str]
) -> None:
    for n in range(25):
        CheckInFactory(user=owner, date=days_ago(owner, n), mood=1 + n % 10)
    first = owner_client.get(TIMELINE).content.decode()
    assert first.count('class="entry"') == 20
    assert 'href="?page=2" hx-get="?page=2" hx-target="closest li" hx-swap="outerHTML"' in first

    fragment = owner_client.get(f"{TIMELINE}?page=2", **htmx_headers)
    html = fragment.content.decode()
    assert "<html" not in html
    assert html.count('class="entry"') == 5
    assert "?page=3" not in html
    assert_valid_html(fragment, fragment=True)

    # htmx focuses the first newly loaded entry; a full page focuses nothing.
    assert html.count(" autofocus") == 1
    assert " autofocus" not in first

    plain = owner_client.get(f"{TIMELINE}?page=2").content.decode()
    assert "<html" in plain
    assert plain.count('class="entry"') == 5
    assert 'href="?page=1"' in plain  # the way back without JavaScript


def test_bad_page_numbers_fall_back_to_the_first_page(owner_client: Client) -> None:
    for page in ("abc", "0", "-3"):
        assert owner_client.get(f"{TIMELINE}?page={page}").status_code == 200


def test_mood_chart_data_draws_before_after_pairs_per_session(
    owner: User, owner_client: Client
) -> None:
    session = JournalSessionFactory(user=owner)
    CheckInFactory(user=owner, kind="before", session=session, date=session.date, mood=4)
    CheckInFactory(user=owner, kind="after", session=session, date=session.date, mood=7)
    CheckInFactory(user=owner, date=days_ago(owner, 3), mood=5)
    response = owner_client.get(TIMELINE)
    html = response.content.decode()
    data = json.loads(
        re.search(
            r'<script id="journal-mood-data" type="application/json">(.*?)</script>', html, re.S
        )[1]  # type: ignore[index]
    )
    assert len(data["pairs"]) == 1
    assert data["pairs"][0][1] == 4
    assert data["pairs"][0][3] == 7
    assert 5 in data["daily"]
    # The table alternative carries the same pair.
    assert "4 → 7" in html
    assert 'data-chart="mood"' in html
    assert '<div class="chart-canvas" aria-hidden="true"></div>' in html


def test_chart_range_can_be_chosen(owner: User, owner_client: Client) -> None:
    CheckInFactory(user=owner, date=days_ago(owner, 60), mood=2)
    six_weeks = owner_client.get(TIMELINE).content.decode()
    three_months = owner_client.get(f"{TIMELINE}?range=3m").content.decode()
    assert "Your chart will appear here" in six_weeks
    assert 'data-chart="mood"' in three_months
    assert '<a href="?range=3m" aria-current="true">3 months</a>' in three_months


def test_phq9_trend_lists_results_and_charts_two_or_more(owner: User, owner_client: Client) -> None:
    QuestionnaireResponseFactory(user=owner, date=days_ago(owner, 30), answers=[2] * 6 + [0] * 3)
    html = owner_client.get(TIMELINE).content.decode()
    assert "<td>12</td><td>Moderate</td>" in html
    assert 'data-chart="phq9"' not in html
    QuestionnaireResponseFactory(user=owner, date=days_ago(owner, 2), answers=[1] * 6 + [0] * 3)
    html = owner_client.get(TIMELINE).content.decode()
    assert 'data-chart="phq9"' in html
    assert html.index("<td>6</td><td>Mild</td>") < html.index("<td>12</td><td>Moderate</td>")


def test_phq9_table_shows_the_latest_results_and_links_to_all(
    owner: User, owner_client: Client
) -> None:
    # A year of fortnightly answers: the oldest scored 14, the latest seven 4.
    for n in range(26):
        answers = [2] * 7 + [0] * 2 if n == 25 else [1] * 4 + [0] * 5
        QuestionnaireResponseFactory(user=owner, date=days_ago(owner, 14 * n), answers=answers)
    html = owner_client.get(TIMELINE).content.decode()
    table = html[
        html.index('<table class="phq9-table">') : html.index("</table>", html.index("phq9-table"))
    ]
    assert table.count("<tr><td>") < 26
    assert "<td>14</td>" not in table
    assert '<a href="?phq9=all#phq9-title">Show all 26 PHQ-9 results</a>' in html
    html = owner_client.get(TIMELINE, {"phq9": "all"}).content.decode()
    table = html[
        html.index('<table class="phq9-table">') : html.index("</table>", html.index("phq9-table"))
    ]
    assert table.count("<tr><td>") == 26
    assert "<td>14</td><td>Moderate</td>" in table
    assert "Show all 26" not in html


# --- The gentle PHQ-9 prompt -----------------------------------------------------------


def test_phq9_is_offered_on_a_first_visit(owner_client: Client) -> None:
    html = owner_client.get(TIMELINE).content.decode()
    assert 'id="phq9-prompt"' in html
    assert "A starting point" in html
    assert "It's always your choice." in html
    prompt = html.split('id="phq9-prompt"', 1)[1].split("</section>", 1)[0]
    assert '<a class="button primary" href="/journal/questionnaires/phq9/new/">' in prompt
    assert '<a class="button secondary" href="/journal/questionnaires/phq2/new/">' in prompt
    assert (
        '<form method="post" action="/journal/prompt/dismiss/" class="inline-form" '
        'hx-post="/journal/prompt/dismiss/" hx-target="#phq9-prompt" hx-swap="outerHTML">'
    ) in prompt
    assert html.count('href="/journal/questionnaires/phq9/new/"') == 2


@pytest.mark.parametrize(("age", "shown"), [(13, False), (14, True), (40, True), (0, False)])
def test_phq9_is_offered_again_every_14_days(
    owner: User, owner_client: Client, age: int, shown: bool
) -> None:
    QuestionnaireResponseFactory(user=owner, date=days_ago(owner, age))
    html = owner_client.get(TIMELINE).content.decode()
    assert ('id="phq9-prompt"' in html) is shown


def test_a_phq2_screen_counts_for_the_cadence(owner: User, owner_client: Client) -> None:
    QuestionnaireResponseFactory(user=owner, kind="phq2", date=days_ago(owner, 3))
    assert 'id="phq9-prompt"' not in owner_client.get(TIMELINE).content.decode()


def test_the_prompt_can_be_put_off(owner_client: Client, htmx_headers: dict[str, str]) -> None:
    url = reverse("journal:prompt_dismiss")
    response = owner_client.post(url, **htmx_headers)
    assert response.status_code == 200
    assert "whenever you'd like it" in response.content.decode()
    assert 'id="phq9-prompt"' not in owner_client.get(TIMELINE).content.decode()


def test_the_prompt_can_be_put_off_without_javascript(owner_client: Client) -> None:
    response = owner_client.post(reverse("journal:prompt_dismiss"))
    assert response["Location"] == TIMELINE
    assert 'id="phq9-prompt"' not in owner_client.get(TIMELINE).content.decode()


def test_prompt_dismiss_refuses_get(owner_client: Client) -> None:
    assert owner_client.get(reverse("journal:prompt_dismiss")).status_code == 405


# --- Insights ---------------------------------------------------------------------------


def test_insights_say_what_data_they_still_need(owner_client: Client) -> None:
    response = owner_client.get(reverse("journal:insights"))
    html = response.content.decode()
    assert "at least 3 data points on each side" in html
    assert html.count("Not enough data yet") == 5
    assert "not proof" in html
    assert_valid_html(response)


def test_insights_show_a_comparison_once_both_sides_have_3_points(
    owner: User, owner_client: Client
) -> None:
    for n in range(3):
        session = JournalSessionFactory(
            user=owner,
            started_at=dt.datetime.combine(days_ago(owner, n * 2), dt.time(18), tzinfo=owner.zone),
        )
        CheckInFactory(user=owner, kind="before", session=session, date=session.date, mood=4)
        CheckInFactory(user=owner, kind="after", session=session, date=session.date, mood=7)
        CheckInFactory(user=owner, date=days_ago(owner, n * 2 + 1), mood=5)
    html = owner_client.get(reverse("journal:insights")).content.decode()
    assert "On days you trained, your mood averaged" in html
    assert "After your sessions, your mood was on average 3 points higher than before" in html
    assert "This is a pattern in your data, not proof." in html


def test_timeline_entries_show_every_answer_the_timeline_lists(
    owner: User, owner_client: Client
) -> None:
    session = JournalSessionFactory(user=owner, name="Legs & back")
    before = CheckInFactory(
        user=owner,
        kind="before",
        session=session,
        date=days_ago(owner, 1),
        mood=4,
        energy=3,
        stress=7,
        sleep_hours="6.0",
        warning_symptoms=["dizziness"],
        pelvic_symptoms=["leaking", "unknown_code"],
        tags=["tired", "<b>"],
        note="line one\nline <two>",
    )
    after = CheckInFactory(user=owner, kind="after", date=days_ago(owner, 1), sleep_hours="5.5")
    who5 = QuestionnaireResponseFactory(user=owner, kind="who5", date=days_ago(owner, 3))
    phq2 = QuestionnaireResponseFactory(user=owner, kind="phq2", date=days_ago(owner, 4))
    html = owner_client.get(TIMELINE).content.decode()
    timeline = html.split('id="timeline-list"', 1)[1]
    assert f'<a href="/journal/check-ins/{before.pk}/">Before Legs &amp; back</a>' in timeline
    assert (
        '<span class="badge">Mood 4 · A bit low</span> <span class="badge">Energy 3</span> '
        '<span class="badge">Stress 7</span> <span class="badge">Sleep 6 h</span></p>'
    ) in timeline
    assert (
        '<p class="entry-flag">Symptoms noted: Dizziness, Leaking or sudden urgency, '
        "unknown_code</p>"
    ) in timeline
    assert '<li class="badge">tired</li><li class="badge">&lt;b&gt;</li>' in timeline
    assert "<p>line one<br>line &lt;two&gt;</p>" in timeline
    assert f'<a href="/journal/check-ins/{after.pk}/">After a session</a>' in timeline
    assert '<span class="badge">Mood 5 · So-so</span> <span class="badge">Sleep 5.5 h</span>' in (
        timeline
    )
    assert f'<a href="/journal/questionnaires/{who5.pk}/">WHO-5</a>' in timeline
    assert '<span class="badge">60 of 100</span>' in timeline
    assert f'<a href="/journal/questionnaires/{phq2.pk}/">PHQ-2 (short)</a>' in timeline
    assert '<span class="badge">2 of 6</span>' in timeline
    assert_valid_html(owner_client.get(TIMELINE))


def test_dates_are_written_as_the_date_filter_writes_them() -> None:
    from django.template.defaultfilters import date as date_filter

    from apps.journal.views import DateLabels

    labels = DateLabels()
    start = dt.date(2025, 12, 25)
    for offset in range(400):
        day = start + dt.timedelta(days=offset)
        assert labels.short(day) == date_filter(day, "D j M")
        assert labels.full(day) == date_filter(day, "D j M Y")
        assert labels.plain(day) == date_filter(day, "j M Y")
