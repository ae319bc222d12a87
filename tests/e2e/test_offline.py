"""Training in a basement gym: Steady installed, Today and the session with no signal,
everything sent once when the signal is back (issue 20). Chromium with its service
worker; ``context.set_offline`` cuts the network."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from apps.journal.models import CheckIn
from apps.offline import release
from apps.workouts.models import SetLog, WorkoutSession
from tests.browser import (
    CHROMIUM_ARGS,
    PHONE_VIEWPORT,
    assert_no_horizontal_scroll,
    chromium_executable,
    log_in,
)
from tests.factories import DEFAULT_PASSWORD, EnrollmentFactory, UserFactory, program_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE_LENGTH = "SteadyStore.queue().then(function (q) { return q.length; })"


def lifter() -> Any:
    user = UserFactory()
    program = program_with(days=1, exercises_per_day=2)
    EnrollmentFactory(user=user, program=program, training_today=True)
    return user


def poll(page: Any, script: str, *, until: Any = True, tries: int = 80) -> Any:
    """Evaluate ``script`` (which may return a promise) until it gives ``until``."""
    value = None
    for _ in range(tries):
        try:
            value = page.evaluate(script)
        except Exception as error:  # the page reloaded itself (a new worker took over)
            if "context was destroyed" not in str(error):
                raise
            page.wait_for_load_state("load")
            continue
        if value == until:
            return value
        page.wait_for_timeout(250)
    raise AssertionError(f"{script} gave {value!r}, not {until!r}")


OPEN_SESSION_KEPT = (
    "caches.match('/offline/plan.json')"
    ".then(function (r) { return r ? r.json() : null; })"
    ".then(function (plan) { return Boolean(plan && plan.open_session); })"
)


def open_with_worker(page: Any, user: Any) -> None:
    """Log in and open Today until the worker controls the page and keeps the plan."""
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/programs/today/")
    poll(page, "navigator.serviceWorker.ready.then(function () { return true; })")
    poll(page, "Boolean(navigator.serviceWorker.controller)")
    poll(page, "caches.match('/offline/plan.json').then(function (r) { return Boolean(r); })")
    poll(page, "caches.match('/programs/today/').then(function (r) { return Boolean(r); })")


def axe_now(page: Any) -> None:
    """Run the page's axe check again (tests/axe_init.js) on what the script drew."""
    page.evaluate("document.dispatchEvent(new Event('htmx:afterSettle'))")
    page.wait_for_timeout(1500)


def skip_rest(page: Any) -> None:
    skip = page.get_by_role("button", name="Skip rest")
    if skip.is_visible():
        skip.click()


def log_sets(page: Any, count: int) -> None:
    for _ in range(count):
        page.locator("[data-done-button]").first.click()
        skip_rest(page)


def start_offline(page: Any) -> None:
    page.context.set_offline(True)
    page.reload()
    page.get_by_role("button", name="Start session").click()
    page.wait_for_url("**/offline/session/?s=*")
    page.get_by_text("Saved on this phone").count()  # drawn
    assert page.locator("[data-done-button]").count() >= 1


def kept_sets(page: Any) -> dict[str, Any]:
    rows = page.evaluate("SteadyStore.all('sets')")
    return {row["client_id"]: row for row in rows}


def train_offline_and_close(first: Any) -> dict[str, Any]:
    """In a new tab with no signal: open Today, start, log five sets (edit the first,
    delete the second), check in after, close the tab."""
    page = first.context.new_page()
    page.goto("/programs/today/")
    start_offline(page)
    # The same compact rows as the session page, prefilled.
    assert page.get_by_label("Weight (kg)").first.input_value() != ""
    assert page.get_by_label("Reps").first.input_value() != ""
    log_sets(page, 5)
    page.locator(".set-kept-note", has_text="Saved on this phone").nth(4).wait_for()
    assert page.locator(".set-kept-note", has_text="Saved on this phone").count() == 5
    page.get_by_role("button", name="Edit set 1").first.click()
    page.locator("li.set-edit").get_by_label("Reps").fill("12")
    page.get_by_role("button", name="Save set 1", exact=True).click()
    page.get_by_role("button", name="Delete set 2").first.click()
    page.get_by_text("How do you feel after training?").click()
    page.locator("[data-offline-checkin='after'] input[name='mood'][value='7']").check()
    page.get_by_role("button", name="Save check-in (after your session)").click()
    page.get_by_text("It's sent when there's signal").wait_for()
    notice = page.locator("[data-offline-waiting] [data-offline-count]")
    assert "5 sets" in notice.inner_text()
    assert "1 check-in" in notice.inner_text()
    assert_no_horizontal_scroll(page)
    page.get_by_text("How do you feel right now?").click()  # the before form, open
    axe_now(page)
    sets = kept_sets(page)
    page.close()
    return sets


def assert_all_stored_once(user: Any, kept: dict[str, Any]) -> None:
    session = WorkoutSession.objects.get(user=user)
    stored = SetLog.objects.filter(user=user)
    live = {str(s.client_id): s for s in stored if s.deleted_at is None}
    deleted = [cid for cid, row in kept.items() if row.get("deleted")]
    assert len(deleted) == 1
    assert deleted[0] not in live
    assert len(live) == 4
    assert stored.filter(deleted_at__isnull=True).count() == 4
    for client_id, set_log in live.items():
        assert set_log.session_exercise.session_id == session.pk
        done_at = parse_datetime(kept[client_id]["performed_at"])
        assert done_at is not None
        assert abs((set_log.logged_at - done_at).total_seconds()) < 1
    assert sorted(s.reps for s in live.values())[-1] == 12  # the edit arrived
    checkin = CheckIn.objects.get(user=user)
    assert (checkin.kind, checkin.mood, checkin.session_id) == ("after", 7, session.pk)


def reopen_online(context: Any, *, reloads: int = 1) -> Any:
    context.set_offline(False)
    page = context.new_page()
    page.goto("/programs/today/")
    return page


def test_a_whole_session_with_no_signal_is_stored_once_when_it_comes_back(
    page: Any, axe_log: Any
) -> None:
    user = lifter()
    open_with_worker(page, user)
    context = page.context
    kept = train_offline_and_close(page)
    # axe-core checked the offline session page as drawn (the fixture fails on issues).
    assert any(path.startswith("/offline/session/?s=") for path in axe_log.pages)
    assert not SetLog.objects.exists()
    assert not WorkoutSession.objects.exists()

    again = reopen_online(context)
    poll(again, QUEUE_LENGTH, until=0)
    assert_all_stored_once(user, kept)
    assert again.locator("[data-offline-waiting]").is_hidden()


def test_a_connection_dropping_during_the_sync_stores_everything_once(page: Any) -> None:
    user = lifter()
    open_with_worker(page, user)
    context = page.context
    kept = train_offline_and_close(page)
    seen = {"count": 0}

    def flaky(route: Any) -> None:
        # Every other item reaches Steady but its answer is lost on the way back.
        seen["count"] += 1
        if seen["count"] % 2 == 0:
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    context.route("**/offline/sync/", flaky)
    again = reopen_online(context)
    for _ in range(20):
        if again.evaluate(QUEUE_LENGTH) == 0:
            break
        again.reload()  # the next page load sends again
        again.wait_for_timeout(300)
    poll(again, QUEUE_LENGTH, until=0)
    assert seen["count"] > 7  # some items were sent more than once
    assert_all_stored_once(user, kept)


def test_a_refused_set_shows_the_reason_and_stays_until_fixed(page: Any) -> None:
    user = lifter()
    open_with_worker(page, user)
    start_offline(page)
    log_sets(page, 1)
    page.get_by_role("button", name="Edit set 1").click()
    page.locator("li.set-edit").get_by_label("Reps").fill("500")
    page.get_by_role("button", name="Save set 1", exact=True).click()
    page.locator(".set-figures", has_text="500").wait_for()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    alert = page.get_by_text("Steady couldn't store this set")
    alert.first.wait_for()
    assert "100" in alert.first.inner_text()
    axe_now(page)
    assert page.evaluate(QUEUE_LENGTH) == 1
    assert not SetLog.objects.exists()
    # The reason is listed on every page until it is fixed or discarded.
    page.goto("/programs/today/")
    # (The list is drawn from the phone's database after the page loads.)
    page.locator("[data-offline-waiting]", has_text="100").wait_for()
    page.go_back()
    page.get_by_role("button", name="Fix set 1").click()
    page.locator("li.set-edit").get_by_label("Reps").fill("10")
    page.get_by_role("button", name="Save set 1", exact=True).click()
    poll(page, QUEUE_LENGTH, until=0)
    assert SetLog.objects.get(user=user).reps == 10


def test_logging_out_with_entries_waiting_asks_then_leaves_nothing(page: Any) -> None:
    user = lifter()
    open_with_worker(page, user)
    start_offline(page)
    log_sets(page, 2)
    page.context.set_offline(False)
    page.context.route("**/offline/sync/", lambda route: route.abort())
    page.goto("/programs/today/")
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        if len(asked) == 1:
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_timeout(500)
    assert len(asked) == 1
    assert "waiting" in asked[0]
    assert "/programs/today/" in page.url  # still signed in
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate("caches.keys()") == []
    names = page.evaluate(
        "indexedDB.databases()"
        ".then(function (d) { return d.map(function (x) { return x.name; }); })"
    )
    assert "steady-offline" not in names


def test_a_deploy_takes_over_with_the_new_files(page: Any, tmp_path: Path, settings: Any) -> None:
    user = lifter()
    open_with_worker(page, user)
    old = page.evaluate("caches.keys()")
    assert len(old) == 1
    # A new release: a changed stylesheet and a new build id.
    source = Path(settings.BASE_DIR) / "static" / "css" / "steady.css"
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "steady.css").write_text(source.read_text() + "\n/* release-2 */\n")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    settings.STEADY_BUILD_ID = "release-2"
    finders.get_finder.cache_clear()
    try:
        page.reload()
        poll(
            page,
            "caches.keys().then(function (k) { return k.length === 1 && k[0] !== '"
            + old[0]
            + "'; })",
        )
        poll(page, "Boolean(navigator.serviceWorker.controller)")
        page.wait_for_load_state("load")
        css = page.evaluate(
            "fetch(document.querySelector('link[href*=\"steady.css\"]').href)"
            ".then(function (r) { return r.text(); })"
        )
        assert "release-2" in css
        broken = page.evaluate(
            """Promise.all(Array.from(
                  document.querySelectorAll('link[rel=stylesheet], script[src]'))
                .map(function (n) { var u = n.href || n.src;
                  return fetch(u).then(function (r) { return r.ok ? null : u; }); }))
              .then(function (all) { return all.filter(Boolean); })"""
        )
        assert broken == []
    finally:
        finders.get_finder.cache_clear()


def test_chromium_finds_steady_installable(browser: Any, live_server: Any, tmp_path: Path) -> None:
    # A persistent profile: Chromium never offers to install from an incognito-like one,
    # which is what an ordinary Playwright context is.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_executable(),
        args=CHROMIUM_ARGS,
        headless=True,
        base_url=live_server.url,
        viewport=PHONE_VIEWPORT,
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        open_with_worker(page, lifter())
        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")
        assert errors["installabilityErrors"] == []
        manifest = page.request.get("/manifest.webmanifest").json()
    finally:
        context.close()
    assert manifest["start_url"] == "/programs/today/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_journal_and_safety_pages_are_never_kept(page: Any) -> None:
    user = lifter()
    open_with_worker(page, user)
    for path in ("/journal/", "/safety/crisis/", "/settings/"):
        page.goto(path)
    kept = page.evaluate(
        "caches.keys().then(function (k) { return caches.open(k[0]); })"
        ".then(function (c) { return c.keys(); })"
        ".then(function (r) { return r.map(function (x) { return new URL(x.url).pathname; }); })"
    )
    assert not [
        p
        for p in kept
        if p.startswith(("/journal", "/safety", "/settings", "/accounts", "/summary"))
    ]
    page.context.set_offline(True)
    page.goto("/journal/")
    page.get_by_role("heading", name="This page needs a connection").wait_for()
    assert release.current_release().version in page.evaluate("caches.keys()")[0]


def test_a_set_on_the_session_page_is_kept_when_the_signal_drops(page: Any) -> None:
    user = lifter()
    open_with_worker(page, user)
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("link", name="Skip for now").click()
    session = WorkoutSession.objects.get(user=user)
    page.wait_for_url(f"**/workouts/sessions/{session.pk}/")
    # The session page refreshes the kept plan as it loads; the signal drops after that.
    poll(page, OPEN_SESSION_KEPT)
    page.context.set_offline(True)
    page.locator("[data-done-button]").first.click()
    page.get_by_text("Saved on this phone").first.wait_for()
    assert page.locator("[data-offline-count]").inner_text().startswith("1 set waiting")
    # With no signal the session page opens as the offline one, with the kept set.
    page.reload()
    page.locator(".set-kept-note", has_text="Saved on this phone").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == session.name
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    poll(page, QUEUE_LENGTH, until=0)
    stored = SetLog.objects.get(user=user)
    assert stored.session_exercise.session_id == session.pk


def test_the_session_page_fetches_the_plan_only_when_the_kept_one_lacks_its_session(
    page: Any,
) -> None:
    """The plan costs about as much as Today: a session page opened again (after a
    check-in, a swap) reuses the kept plan once it holds the open session."""
    user = lifter()
    open_with_worker(page, user)
    plan_requests: list[str] = []
    page.on(
        "request",
        lambda request: (
            plan_requests.append(request.url)
            if request.url.endswith("/offline/plan.json")
            else None
        ),
    )
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("link", name="Skip for now").click()
    session = WorkoutSession.objects.get(user=user)
    page.wait_for_url(f"**/workouts/sessions/{session.pk}/")
    poll(page, OPEN_SESSION_KEPT)
    fetched_for_the_new_session = len(plan_requests)
    assert fetched_for_the_new_session >= 1
    page.reload()
    page.locator("[data-done-button]").first.wait_for()
    page.wait_for_timeout(1500)
    assert len(plan_requests) == fetched_for_the_new_session


def test_the_end_of_a_rest_is_a_notification_when_no_page_is_seen(page: Any) -> None:
    user = lifter()
    open_with_worker(page, user)
    context = page.context
    context.grant_permissions(["notifications"])
    notes = (
        "navigator.serviceWorker.ready.then(function (r) {"
        " return r.getNotifications({tag: 'steady-rest'}); })"
        ".then(function (n) { return n.length; })"
    )
    # While Steady is on screen the page's own timer says it: no notification.
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'rest', seconds: 1})")
    page.wait_for_timeout(1800)
    assert page.evaluate(notes) == 0
    # The rest timer told the worker when the rest ends; then the page went away.
    page.evaluate(
        "navigator.serviceWorker.controller.postMessage("
        "{type: 'rest', seconds: 2, exercise: 'Leg press'})"
    )
    page.goto("data:text/html,<!DOCTYPE html><html lang=en><title>Elsewhere</title><p>Another app")
    page.wait_for_timeout(3500)
    page.goto("/programs/today/")
    shown = poll(
        page,
        "navigator.serviceWorker.ready.then(function (r) {"
        " return r.getNotifications({tag: 'steady-rest'}); })"
        ".then(function (n) { return n.map(function (x) { return x.body; }); })",
        until=["Time for your next set of Leg press."],
        tries=20,
    )
    assert shown == ["Time for your next set of Leg press."]


def test_a_later_planned_session_starts_offline_from_an_older_today(page: Any) -> None:
    user = UserFactory()
    EnrollmentFactory(
        user=user, program=program_with(days=3, exercises_per_day=2), training_today=True
    )
    open_with_worker(page, user)
    plan = page.evaluate("fetch('/offline/plan.json').then(function (r) { return r.json(); })")
    later = next(item for item in plan["planned"] if item["date"] != plan["today"])
    # Days later, in the gym with no signal: Today is the copy kept on an earlier day.
    page.clock.install(time=dt.datetime.fromisoformat(later["date"] + "T12:00:00+00:00"))
    page.context.set_offline(True)
    page.reload()
    page.get_by_role("heading", name="Today: " + later["name"]).wait_for()
    page.get_by_role("link", name="Start " + later["name"]).click()
    page.wait_for_url("**/offline/session/?s=*")
    assert page.get_by_role("heading", level=1).inner_text() == later["name"]
    names = [ex["name"] for ex in later["exercises"]]
    assert page.locator(".exercise-card h2").all_inner_texts() == names


CRISIS_KEPT = "caches.match('/offline/crisis/').then(function (r) { return Boolean(r); })"


def test_get_help_now_opens_the_kept_crisis_lines_with_no_signal(page: Any, axe_log: Any) -> None:
    user = lifter()  # in the United Kingdom
    open_with_worker(page, user)
    poll(page, CRISIS_KEPT)
    page.context.set_offline(True)
    page.get_by_role("link", name="Get help now").first.click()
    page.get_by_role("heading", name="Get help now", level=1).wait_for()
    assert page.url.endswith(reverse("safety:crisis"))
    samaritans = page.get_by_role("link", name="Call 116 123")
    assert samaritans.first.get_attribute("href") == "tel:116123"
    assert page.get_by_text("This page needs a connection").count() == 0
    page.get_by_text("United States", exact=True).click()
    assert page.get_by_role("link", name="Call 988").is_visible()
    assert_no_horizontal_scroll(page)
    axe_now(page)
    assert reverse("safety:crisis") in axe_log.pages


def test_thoughts_of_self_harm_in_an_offline_check_in_open_the_crisis_lines(
    page: Any,
) -> None:
    user = lifter()
    open_with_worker(page, user)
    poll(page, CRISIS_KEPT)
    start_offline(page)  # the before check-in is open when a session starts
    before = page.locator("[data-offline-checkin='before']")
    before.locator("input[name='mood'][value='2']").check()
    before.get_by_label("I'm having thoughts of harming myself").check()
    page.get_by_role("button", name="Save check-in (before you start)").click()
    page.get_by_role("heading", name="Get help now", level=1).wait_for()
    assert page.get_by_role("link", name="Call 116 123").first.is_visible()
    poll(page, QUEUE_LENGTH, until=2)  # the session started on the phone and its check-in

    again = reopen_online(page.context)
    poll(again, QUEUE_LENGTH, until=0)
    checkin = CheckIn.objects.get(user=user)
    assert (checkin.kind, checkin.mood, checkin.self_harm_thoughts) == ("before", 2, True)


def test_opening_get_help_now_with_signal_refreshes_the_kept_lines(page: Any) -> None:
    user = lifter()
    open_with_worker(page, user)
    poll(page, CRISIS_KEPT)
    user.country = "AU"  # moved, and said so in Settings
    user.save(update_fields=["country"])
    page.get_by_role("link", name="Get help now").first.click()
    page.get_by_role("heading", name="Get help now", level=1).wait_for()
    first_kept = (
        "caches.match('/offline/crisis/').then(function (r) { return r.text(); })"
        ".then(function (t) { return t.indexOf('Call 13 11 14') < t.indexOf('Call 116 123'); })"
    )
    poll(page, first_kept)
