"""The authorization matrix: every URL name, walked as anonymous, stranger and owner.

Each app lists its URLs in ``tests/<app>/authz_cases.py`` as ``CASES: list[Case]``.
``tests/core/test_authz_matrix.py`` fails when a URL name has no case, so a new view
cannot ship without saying who may see it.

Kinds:
- ``public``: anyone gets ``owner_status`` (no login needed).
- ``login``: anonymous is sent to log in; any signed-in person gets ``owner_status``.
- ``owner``: anonymous is sent to log in; a stranger gets 404; the owner gets
  ``owner_status``. ``make_kwargs(owner)`` creates the owner's object and returns the
  URL kwargs.
- ``token``: reached by a secret in the URL, no login: ``make_kwargs`` returns a valid
  token's kwargs (owner status) and ``make_bad_kwargs`` an invalid one (404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from apps.accounts.models import User

Kwargs = dict[str, Any]


@dataclass(frozen=True)
class Case:
    url_name: str
    kind: Literal["public", "login", "owner", "token"]
    make_kwargs: Callable[[User], Kwargs] | None = None
    make_bad_kwargs: Callable[[User], Kwargs] | None = None
    method: Literal["get", "post"] = "get"
    data: Callable[[User], dict[str, Any]] | None = None
    owner_status: int | tuple[int, ...] = 200
    query: str = ""
    htmx: bool = False
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.url_name}[{self.method}{'+htmx' if self.htmx else ''}]"


# URL names that belong to third-party apps and are tested by them or elsewhere.
EXEMPT_NAMESPACES = ("admin",)
EXEMPT_PREFIXES = ("account_", "socialaccount_", "mfa_", "usersessions_")
