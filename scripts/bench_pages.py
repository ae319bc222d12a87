"""The pages scripts/bench.py drives: GET pages for one generated person with years of
history, and set logging by every generated person at once (as at a busy gym)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client
from django.urls import reverse

if TYPE_CHECKING:
    from apps.accounts.models import User
    from scripts.bench import Page


def logged_in_cookie(user: User, *, visit: str = "") -> tuple[str, str]:
    """A real database session for ``user`` plus a CSRF token pair for POSTs; with
    ``visit``, that page is opened once in the session, as the person would."""
    from django.middleware.csrf import _get_new_csrf_string

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    if visit:
        response = client.get(visit)
        assert response.status_code == 200, f"{visit} answered {response.status_code}"
    session = client.cookies["sessionid"].value
    csrf = _get_new_csrf_string()
    return f"sessionid={session}; csrftoken={csrf}", csrf


def open_session_for(user: User) -> tuple[int, int]:
    """A new unfinished session (the page people keep open at the gym) and one exercise row."""
    from apps.workouts.models import SessionExercise, WorkoutSession
    from apps.workouts.services import session_start

    # A fresh one each run: the set-logging benchmark adds thousands of sets to it.
    WorkoutSession.objects.filter(user=user, finished_at__isnull=True).delete()
    session = session_start(user=user, planned=None, minimum=True)
    row = SessionExercise.objects.filter(session=session, reps_low__isnull=False).first()
    if row is None:
        row = SessionExercise.objects.filter(session=session).first()
    assert row is not None, "the minimum session has exercises"
    return session.pk, row.pk


def clear_logged_sets() -> None:
    """Remove the sets the POST benchmark added to the open sessions."""
    from apps.workouts.models import SetLog

    SetLog.objects.filter(
        user__email__startswith="bench-", session_exercise__session__finished_at__isnull=True
    ).delete()


def set_logging_targets(users: list[User]) -> tuple[tuple[str, str, str], ...]:
    """For each person: a fresh open session's set-logging URL, their cookie, their CSRF.

    Each person opens their session page first, as everyone does before their first set
    (starting a session leads there): it works out their earlier bests per exercise once
    and keeps them (apps/workouts/history.py), so the sets logged next only read them.
    """
    targets = []
    for person in users:
        session_id, row_id = open_session_for(person)
        session_page = reverse("workouts:session", args=[session_id])
        cookie, csrf = logged_in_cookie(person, visit=session_page)
        targets.append((reverse("workouts:set_log", args=[row_id]), cookie, csrf))
    return tuple(targets)


def bench_pages(user: User) -> list[Page]:
    from apps.accounts.models import User as UserModel
    from apps.programs.models import Exercise
    from apps.workouts.models import SetLog
    from apps.workouts.selectors import unfinished_session
    from scripts.bench import Page

    # Everyone generated logs sets into their own session, ``user`` first: one person
    # logging thousands of sets into one exercise would measure an impossible session.
    others = UserModel.objects.filter(email__startswith="bench-").exclude(email=user.email)
    targets = set_logging_targets([user, *others.order_by("email")])
    session = unfinished_session(user)
    assert session is not None
    busiest = (
        SetLog.objects.filter(user=user, load_kg__isnull=False)
        .values_list("session_exercise__exercise_id", flat=True)
        .first()
    )
    assert busiest is not None, "the generated history has loaded sets"
    slug = Exercise.objects.get(pk=busiest).slug
    return [
        Page("Today", reverse("programs:today")),
        Page("Session page", reverse("workouts:session", args=[session.pk])),
        Page("History", reverse("workouts:history")),
        Page("Progress (exercise)", reverse("workouts:exercise_progress", args=[slug])),
        Page("Journal", reverse("journal:timeline")),
        Page("Insights", reverse("journal:insights")),
        # Last: it adds sets to the open sessions.
        Page(
            f"Log a set (HTMX POST × {len(targets)} people)",
            targets[0][0],
            method="POST",
            body="client_id={uuid}&reps=10&load=20&rpe=",
            htmx=True,
            targets=targets,
        ),
    ]
