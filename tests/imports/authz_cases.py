"""Who may reach each imports URL. An import belongs to its owner only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apps.accounts.models import User
from apps.imports import services
from apps.imports.models import Import
from tests.authz import Case

FIXTURE = Path(__file__).parent / "fixtures" / "hevy_lbs.csv"


def _pending(owner: User) -> Import:
    return services.import_upload(
        user=owner, data=FIXTURE.read_bytes(), filename="hevy.csv", unit="kg"
    )


def _preview(owner: User) -> dict[str, Any]:
    return {"pk": _pending(owner).pk}


def _running(owner: User) -> dict[str, Any]:
    pending = _pending(owner)
    Import.objects.filter(pk=pending.pk).update(state=Import.State.RUNNING, done_sets=1)
    return {"pk": pending.pk}


def _done(owner: User) -> dict[str, Any]:
    pending = _pending(owner)
    Import.objects.filter(pk=pending.pk).update(state=Import.State.DONE)
    return {"pk": pending.pk}


CASES = [
    Case("imports:start", "login"),
    Case("imports:import", "owner", make_kwargs=_preview),
    Case("imports:import", "owner", make_kwargs=_running, notes="the progress page"),
    Case("imports:progress", "owner", make_kwargs=_running, htmx=True),
    Case("imports:progress", "owner", make_kwargs=_running, owner_status=302),
    Case("imports:undo", "owner", method="post", make_kwargs=_done, owner_status=302),
    Case("imports:discard", "owner", method="post", make_kwargs=_preview, owner_status=302),
]
