"""Today panel, history, session detail, progress and export: content and query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.accounts.models import User
from apps.programs.models import Exercise
from apps.programs.selectors import planned_session_for
from apps.workouts.models import SetLog, WorkoutSession
from apps.workouts.panels import today_panel
from tests.factories import (
    EnrollmentFactory,
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    WorkoutSessionFactory,
    make_workout_history,
)
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db
D = Decimal


def content(response: Any) -> str:
    return response.content.decode()


# --- Today panel -------------------------------------------------------------------------


def test_today_offers_start_with_suggestions_and_the_minimum_session(
    owner_client: Client, owner: User
) -> None:
    enrollment = EnrollmentFactory(user=owner, training_today=True)
    exercise = enrollment.program.days.get(order=1).prescriptions.get(order=1).exercise
    make_workout_history(owner, 2, exercises=[exercise], start_kg=D("40"))
    SetLog.objects.filter(user=owner).update(reps=12)

    response = owner_client.get(reverse("programs:today"))

    html = content(response)
    assert_valid_html(response)
    assert ">Start session</button>" in html
    assert reverse("workouts:session_start") in html
    assert "Not up to it today? Do the 15-minute session" in html
    assert "3 × 8 at 42.5 kg" in html
    assert "You hit 3×12 twice — time for 2.5 kg more." in html


def test_today_offers_resume_when_a_session_is_open(owner_client: Client, owner: User) -> None:
    EnrollmentFactory(user=owner, training_today=True)
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    html = content(owner_client.get(reverse("programs:today")))
    assert "Resume session" in html
    assert reverse("workouts:session", args=[session.pk]) in html
    assert ">Start session<" not in html


def test_today_after_training(owner_client: Client, owner: User) -> None:
    EnrollmentFactory(user=owner, training_today=True)
    WorkoutSessionFactory(user=owner)
    html = content(owner_client.get(reverse("programs:today")))
    assert "Done for today" in html
    assert ">Start session<" not in html


MINIMUM_FORM = '<input type="hidden" name="minimum" value="1">'


def test_today_without_a_program_still_offers_the_minimum_session(owner_client: Client) -> None:
    html = content(owner_client.get(reverse("programs:today")))
    assert "Choose a program to begin" in html
    assert html.count(MINIMUM_FORM) == 1
    assert "Do the 15-minute session" in html


def test_today_after_training_still_offers_the_minimum_session(
    owner_client: Client, owner: User
) -> None:
    EnrollmentFactory(user=owner, training_today=True)
    WorkoutSessionFactory(user=owner)
    html = content(owner_client.get(reverse("programs:today")))
    assert html.count(MINIMUM_FORM) == 1


def test_today_lists_each_exercise_once_and_the_first_time_advice_once(
    owner_client: Client, owner: User
) -> None:
    enrollment = EnrollmentFactory(user=owner, training_today=True)
    names = [rx.exercise.name for rx in enrollment.program.days.get(order=1).prescriptions.all()]
    assert len(names) >= 2

    response = owner_client.get(reverse("programs:today"))

    html = content(response)
    assert_valid_html(response)
    for name in names:
        assert html.count(f">{name}</a>") == 1, name
    assert html.count("First time") == 1
    assert html.count(MINIMUM_FORM) == 1


def test_today_panel_runs_constant_queries(
    owner: User, django_assert_num_queries: Any, django_assert_max_num_queries: Any
) -> None:
    enrollment = EnrollmentFactory(user=owner, training_today=True)
    exercises = [rx.exercise for rx in enrollment.program.days.get(order=1).prescriptions.all()]
    planned = planned_session_for(owner, owner.local_today())
    make_workout_history(owner, 5, exercises=exercises)
    # A fresh request each time: guidance is evaluated once per request.
    with django_assert_max_num_queries(10) as small:
        today_panel(RequestFactory().get("/"), owner, owner.local_today(), planned)
    make_workout_history(
        owner, 300, exercises=exercises, last_day=owner.local_today() - dt.timedelta(days=20)
    )
    with django_assert_num_queries(len(small.captured_queries)):
        panel = today_panel(RequestFactory().get("/"), owner, owner.local_today(), planned)
    assert panel is not None
    assert len(panel.context["workouts_plan"]) == 4


def test_today_evaluates_guidance_once(
    owner: User, owner_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety panel and the workouts panel's progression holds share one evaluation."""
    from apps.safety import selectors as safety_selectors

    EnrollmentFactory(user=owner, training_today=True)
    calls: list[int] = []
    real = safety_selectors.guidance_input_for

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(safety_selectors, "guidance_input_for", counting)
    response = owner_client.get(reverse("programs:today"))
    assert response.status_code == 200
    assert "Start session" in response.content.decode()
    assert len(calls) == 1


# --- History -----------------------------------------------------------------------------


def test_history_lists_finished_sessions_newest_first(owner_client: Client, owner: User) -> None:
    sessions = make_workout_history(owner, 3)
    WorkoutSessionFactory(user=owner, finished_at=None, name="Still going")
    response = owner_client.get(reverse("workouts:history"))
    html = content(response)
    assert_valid_html(response)
    positions = [html.index(reverse("workouts:session_detail", args=[s.pk])) for s in sessions]
    assert positions == sorted(positions, reverse=True)
    assert "1 exercise · 3 sets · 35 min · effort 6 of 10" in html
    assert "You have a session in progress" in html
    assert reverse("workouts:export_csv") in html


def test_history_filters_by_exercise_and_paginates(owner_client: Client, owner: User) -> None:
    squat, row = (
        ExerciseFactory(name="Practice goblet squat"),
        ExerciseFactory(name="Practice seated row"),
    )
    make_workout_history(owner, 25, exercises=[squat])
    rows_only = make_workout_history(
        owner, 2, exercises=[row], last_day=owner.local_today() - dt.timedelta(days=100)
    )
    url = reverse("workouts:history")

    first = content(owner_client.get(url))
    assert "Page 1 of 2" in first
    filtered = owner_client.get(url, {"exercise": row.pk}, HTTP_HX_REQUEST="true")
    html = content(filtered)
    assert_valid_html(filtered, fragment=True)
    assert html.count("history-item") == 2
    assert reverse("workouts:session_detail", args=[rows_only[0].pk]) in html
    assert "Page 1" not in html
    second = content(owner_client.get(url, {"page": 2}))
    assert second.count("history-item") == 7
    bad = content(owner_client.get(url, {"exercise": "999999"}))
    assert "Pick an exercise from the list." in bad


@pytest.mark.parametrize("query", [{}, {"page": "2"}, {"exercise": "filter"}])
def test_history_runs_the_same_queries_for_5_or_500_sessions(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
    query: dict[str, str],
) -> None:
    exercise = ExerciseFactory()
    url = reverse("workouts:history")
    params = {k: (str(exercise.pk) if v == "filter" else v) for k, v in query.items()}
    make_workout_history(owner, 45, exercises=[exercise])
    with django_assert_max_num_queries(40) as small:
        assert owner_client.get(url, params).status_code == 200
    make_workout_history(
        owner, 455, exercises=[exercise, ExerciseFactory()], last_day=dt.date(2020, 1, 1)
    )
    with django_assert_num_queries(len(small.captured_queries)):
        assert owner_client.get(url, params).status_code == 200


# --- Session detail ----------------------------------------------------------------------


def test_session_detail_shows_sets_figures_and_a_new_best(
    owner_client: Client, owner: User
) -> None:
    exercise = ExerciseFactory(name="Practice chest press")
    make_workout_history(owner, 2, exercises=[exercise], start_kg=D("50"))
    session = WorkoutSessionFactory(user=owner, duration_min=30, session_rpe=D("7"))
    row = SessionExerciseFactory(session=session, exercise=exercise)
    SetLogFactory(session_exercise=row, set_number=1, reps=8, load_kg=D("55"))
    SetLogFactory(session_exercise=row, set_number=2, reps=8, load_kg=D("60"))
    SetLogFactory(session_exercise=row, set_number=3, reps=6, load_kg=D("60"))
    deleted = SetLogFactory(session_exercise=row, set_number=4, reps=8, load_kg=D("90"))
    deleted.deleted_at = session.started_at
    deleted.save()

    response = owner_client.get(reverse("workouts:session_detail", args=[session.pk]))

    html = content(response)
    assert_valid_html(response)
    assert "New best: 60 kg × 8 on Practice chest press" in html
    assert "90 kg" not in html
    assert html.count("New best!") == 2  # 55 × 8 and 60 × 8 each beat the best before
    assert "210" in html  # session load: effort 7 × 30 minutes
    assert reverse("workouts:exercise_progress", args=[exercise.slug]) in html


def test_no_record_the_first_time(owner_client: Client, owner: User) -> None:
    row = SessionExerciseFactory(session__user=owner)
    SetLogFactory(session_exercise=row, reps=8, load_kg=D("60"))
    html = content(owner_client.get(reverse("workouts:session_detail", args=[row.session.pk])))
    assert "New best" not in html


def test_session_detail_runs_the_same_queries_for_5_or_500_sessions(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    exercises = ExerciseFactory.create_batch(3)
    make_workout_history(owner, 5, exercises=exercises)
    session = make_workout_history(owner, 1, exercises=exercises, last_day=owner.local_today())[0]
    url = reverse("workouts:session_detail", args=[session.pk])
    with django_assert_max_num_queries(40) as small:
        owner_client.get(url)
    make_workout_history(owner, 495, exercises=exercises, last_day=dt.date(2020, 1, 1))
    with django_assert_num_queries(len(small.captured_queries)):
        assert owner_client.get(url).status_code == 200


def test_session_page_runs_the_same_queries_for_5_or_500_sessions(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    exercises = ExerciseFactory.create_batch(3)
    make_workout_history(owner, 5, exercises=exercises)
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    for order, exercise in enumerate(exercises):
        row = SessionExerciseFactory(session=session, exercise=exercise, order=order)
        SetLogFactory(session_exercise=row, set_number=1)
    url = reverse("workouts:session", args=[session.pk])
    with django_assert_max_num_queries(40) as small:
        owner_client.get(url)
    make_workout_history(owner, 495, exercises=exercises, last_day=dt.date(2020, 1, 1))
    with django_assert_num_queries(len(small.captured_queries)):
        assert owner_client.get(url).status_code == 200


def test_the_session_page_builds_no_form_per_set_row(
    owner_client: Client, owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are drawn from a small context; the set form only checks what is posted."""
    from apps.workouts import forms

    session = WorkoutSessionFactory(user=owner, finished_at=None)
    for order, exercise in enumerate(ExerciseFactory.create_batch(3)):
        row = SessionExerciseFactory(session=session, exercise=exercise, order=order)
        SetLogFactory(session_exercise=row, set_number=1)
    built: list[int] = []
    real_init = forms.SetForm.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(forms.SetForm, "__init__", counting)
    response = owner_client.get(reverse("workouts:session", args=[session.pk]))
    assert response.status_code == 200
    assert content(response).count("data-done-button") >= 3  # rows still to do, drawn
    assert built == []


# --- Progress ----------------------------------------------------------------------------


def progress_history(owner: User, exercise: Exercise) -> list[WorkoutSession]:
    return make_workout_history(owner, 8, exercises=[exercise], start_kg=D("40"))


def test_progress_index_lists_exercises(owner_client: Client, owner: User) -> None:
    exercise = ExerciseFactory(name="Practice leg press")
    progress_history(owner, exercise)
    response = owner_client.get(reverse("workouts:progress"))
    html = content(response)
    assert_valid_html(response)
    assert "Practice leg press" in html
    assert "8 sessions" in html
    assert "heaviest 47.5 kg" in html


def test_exercise_progress_has_charts_tables_and_records(owner_client: Client, owner: User) -> None:
    exercise = ExerciseFactory(name="Practice leg press")
    sessions = progress_history(owner, exercise)
    response = owner_client.get(reverse("workouts:exercise_progress", args=[exercise.slug]))
    html = content(response)
    assert_valid_html(response)
    assert 'data-chart="e1rm"' in html
    assert 'data-chart="volume"' in html
    assert 'id="progress-data" type="application/json"' in html
    assert "uPlot.iife.min.js" in html
    assert "<table>" in html
    assert "New best: 47.5 kg × 10" in html
    data = json.loads(html.split('type="application/json">')[1].split("</script>")[0])
    e1rm = next(c for c in data["charts"] if c["id"] == "e1rm")
    assert len(e1rm["x"]) == len(sessions)
    # Epley: 40 kg × (1 + 10/30) = 53.3 kg
    assert e1rm["y"][0] == pytest.approx(53.3, abs=0.05)


def test_exercise_progress_tables_start_recent_and_can_show_every_row(
    owner_client: Client, owner: User
) -> None:
    exercise = ExerciseFactory()
    sessions = make_workout_history(owner, 15, exercises=[exercise], start_kg=D("40"))
    url = reverse("workouts:exercise_progress", args=[exercise.slug])

    def session_rows(html: str) -> int:
        table = html.split('id="sessions-title"')[1].split("</table>")[0]
        return table.count('<th scope="row">')

    recent = content(owner_client.get(url))
    assert session_rows(recent) == 12
    assert "Show every row (15 sessions)" in recent
    data = json.loads(recent.split('type="application/json">')[1].split("</script>")[0])
    assert len(data["charts"][0]["x"]) == len(sessions)  # the chart always has them all
    response = owner_client.get(url, {"all": "1"})
    assert_valid_html(response)
    everything = content(response)
    assert session_rows(everything) == 15
    assert "Show every row" not in everything


def test_exercise_progress_in_pounds(owner_client: Client, owner: User) -> None:
    owner.units = User.Units.LB
    owner.save()
    exercise = ExerciseFactory()
    progress_history(owner, exercise)
    html = content(owner_client.get(reverse("workouts:exercise_progress", args=[exercise.slug])))
    assert "New best: 104.7 lb × 10" in html
    assert "Best estimated 1RM (lb)" in html


def test_progress_only_shows_the_persons_own_sets(
    owner_client: Client, stranger: User, owner: User
) -> None:
    exercise = ExerciseFactory()
    progress_history(stranger, exercise)
    html = content(owner_client.get(reverse("workouts:exercise_progress", args=[exercise.slug])))
    assert "haven't logged" in html
    # No weight of theirs ("42.5 kg"); a bare "kg" could be part of a random CSRF token.
    assert not re.search(r"\d kg\b", html.split("<h1>")[1])


@pytest.mark.parametrize("url_name", ["workouts:progress", "workouts:exercise_progress"])
def test_progress_pages_run_the_same_queries_for_5_or_500_sessions(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
    url_name: str,
) -> None:
    exercise = ExerciseFactory()
    kwargs = {"slug": exercise.slug} if url_name.endswith("exercise_progress") else {}
    url = reverse(url_name, kwargs=kwargs)
    make_workout_history(owner, 5, exercises=[exercise])
    with django_assert_max_num_queries(40) as small:
        owner_client.get(url)
    make_workout_history(
        owner, 495, exercises=[exercise, ExerciseFactory()], last_day=dt.date(2020, 1, 1)
    )
    with django_assert_num_queries(len(small.captured_queries)):
        assert owner_client.get(url).status_code == 200


# --- Export ------------------------------------------------------------------------------


def test_csv_export_has_one_row_per_set(owner_client: Client, owner: User, stranger: User) -> None:
    exercise = ExerciseFactory(name="=HYPERLINK(1)")
    make_workout_history(owner, 2, exercises=[exercise])
    make_workout_history(stranger, 3)
    SetLog.objects.filter(user=owner).first().delete()  # type: ignore[union-attr]
    response = owner_client.get(reverse("workouts:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert len(rows) == 5
    assert rows[0]["load_kg"] == "30"
    assert rows[0]["reps"] == "10"
    assert rows[0]["exercise"] == "'=HYPERLINK(1)"  # never run as a spreadsheet formula
    assert "load_lb" not in rows[0]


def test_json_export_for_a_pound_user(owner_client: Client, owner: User) -> None:
    owner.units = User.Units.LB
    owner.save()
    make_workout_history(owner, 2)
    response = owner_client.get(reverse("workouts:export_json"))
    data = json.loads(response.getvalue())
    assert data["units"] == "lb"
    assert len(data["sets"]) == 6
    first = data["sets"][0]
    assert first["load_kg"] == 30.0
    assert first["load_lb"] == pytest.approx(66.1)
    assert first["reps"] == 10
    assert first["session_rpe"] == 6.0


@pytest.mark.parametrize("url_name", ["workouts:export_csv", "workouts:export_json"])
def test_exports_run_the_same_queries_for_5_or_500_sessions(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
    url_name: str,
) -> None:
    make_workout_history(owner, 5)
    with django_assert_max_num_queries(40) as small:
        few = owner_client.get(reverse(url_name)).getvalue()
    make_workout_history(owner, 495, last_day=dt.date(2020, 1, 1))
    with django_assert_num_queries(len(small.captured_queries)):
        many = owner_client.get(reverse(url_name)).getvalue()
    assert len(many) > 50 * len(few)


@pytest.mark.parametrize("url_name", ["workouts:export_csv", "workouts:export_json"])
def test_exports_stream_their_rows(owner_client: Client, owner: User, url_name: str) -> None:
    """The first chunk goes out before the rest of the log is read (nothing built whole)."""
    make_workout_history(owner, 3)
    response = owner_client.get(reverse(url_name))
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) > 9  # a header, then one chunk per set (9 sets and more)
