"""Who may reach each offline URL. The worker and the manifest are public (the browser
fetches them for any page), and so are the kept crisis lines (help needs no login); the
other kept pages, the plan and the sync endpoint need a login,
and every item sent is scoped to its sender (tests/offline/test_sync.py)."""

from __future__ import annotations

from tests.authz import Case

CASES = [
    Case("offline:service_worker", "public"),
    Case("offline:manifest", "public"),
    Case("offline:session", "login"),
    Case("offline:unavailable", "login"),
    Case("offline:crisis", "public"),
    Case("offline:plan", "login"),
    # The matrix posts a form, not JSON: the endpoint says it could not read it.
    Case("offline:sync", "login", method="post", owner_status=400),
]
