"""Per-person page cache: a page is rebuilt only when that person's data has changed.

Query counts stay flat with years of history (the query-budget tests hold that on the
uncached path), but rendering years of sets, charts and check-ins still costs Python
time on every visit. Pages decorated with :func:`cached_page` keep their rendered
response in the cache under a key made of:

- the person (id and sign-up instant, so a reused id never meets an old entry),
- their **data version**, a random token replaced whenever their data may have changed,
- their local date (pages say "today", and guidance windows are counted in days),
- the exact URL and the HTMX headers that choose between page and fragment,
- a hash of the browser's CSRF secret, so the form tokens inside the page stay valid
  for the browser that receives it (and two devices never share an entry).

The data version is replaced (:func:`data_changed`):

- after every unsafe request (POST, PUT, PATCH, DELETE) a signed-in person makes
  (:class:`DataVersionMiddleware`), which also covers bulk updates inside views;
- on every save or delete of a row that belongs to someone, through the same
  foreign-key paths the data export uses (:func:`connect_signals`), which covers the
  admin, Celery tasks, management commands and tests;
- both at once and again after the transaction commits, so a page read between the
  write and its commit cannot be stored under the new version.

Old entries are never deleted; nobody asks for them again and they expire after
``STEADY_PAGE_CACHE_SECONDS``. Bodies are encrypted, because a page can show journal
notes, which are encrypted in the database too. Pages with flash messages, responses
that set cookies, non-200 responses and views that call :func:`do_not_cache` are never
stored. A cached page must not carry anything made fresh for each response, such as a
CSP nonce (Steady's templates use none: the CSP forbids inline script outright).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache as memoize
from functools import wraps
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

if TYPE_CHECKING:
    from apps.accounts.models import User

VERSION_KEY = "dv:{user_id}"
PAGE_KEY = "page:{digest}"
# Request headers that change what a view renders for the same URL.
VARY_HEADERS = (
    "HX-Request",
    "HX-Target",
    "HX-Trigger",
    "HX-Boosted",
    "HX-History-Restore-Request",
)
# Response headers worth keeping; cookies are never stored (such responses are skipped).
_SKIPPED_HEADERS = {"content-length", "set-cookie"}
_NO_CACHE_ATTRIBUTE = "steady_do_not_cache"

View = Callable[..., HttpResponse]


def enabled() -> bool:
    return bool(getattr(settings, "STEADY_PAGE_CACHE", True))


def timeout() -> int:
    return int(getattr(settings, "STEADY_PAGE_CACHE_SECONDS", 300))


# --- Data versions ----------------------------------------------------------------------


def data_version(user_id: int) -> str:
    """The person's current data version (created on first use)."""
    key = VERSION_KEY.format(user_id=user_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        version = cache.get(key)
    return str(version)


def _replace_version(user_id: int) -> None:
    cache.set(VERSION_KEY.format(user_id=user_id), secrets.token_hex(8), timeout=None)


# The signed-in person of the unsafe request being served, if any: their version is
# replaced once the response is ready, so writes inside the request need not do it too.
_request_owner: ContextVar[int | None] = ContextVar("steady_request_owner", default=None)


def data_changed(user_id: int | None) -> None:
    """Every cached page of this person is stale: now, and again once the write commits."""
    if user_id is None or user_id == _request_owner.get():
        return
    _replace_version(user_id)
    transaction.on_commit(lambda: _replace_version(user_id))


class DataVersionMiddleware:
    """After any unsafe request by a signed-in person, their cached pages are stale.

    This is the safety net for writes that send no signals (``QuerySet.update``,
    ``bulk_create``): every such write a person causes happens inside one of their
    unsafe requests.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        owner = user.pk if user is not None and user.is_authenticated else None
        token = _request_owner.set(owner)
        try:
            response = self.get_response(request)
        finally:
            _request_owner.reset(token)
            # After the view, so after its transactions committed. Also for a person who
            # just signed in or out during this request.
            user = getattr(request, "user", None)
            if owner is not None:
                _replace_version(owner)
            if user is not None and user.is_authenticated and user.pk != owner:
                _replace_version(user.pk)
        return response


def _owner_id(instance: models.Model, path: str) -> int | None:
    """Follow a lookup path like ``session__user`` on an instance to the owner's id."""
    if path == "pk":
        return int(instance.pk) if instance.pk is not None else None
    *hops, last = path.split("__")
    current: Any = instance
    try:
        for hop in hops:
            current = getattr(current, hop)
            if current is None:
                return None
        owner = getattr(current, f"{last}_id")
    except models.ObjectDoesNotExist:
        return None
    return int(owner) if owner is not None else None


def connect_signals() -> None:
    """Mark the owner's data changed on every save or delete of a row they own."""
    from apps.accounts.personal_data import path_to_user, steady_models

    for model in steady_models():
        found = path_to_user(model)
        if found is None:
            continue
        owner_path: str = found

        def changed(
            sender: type[models.Model], instance: models.Model, *, path: str = owner_path, **_: Any
        ) -> None:
            data_changed(_owner_id(instance, path))

        uid = f"steady-pagecache-{model._meta.label_lower}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + "-save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + "-delete")


# --- Pages ------------------------------------------------------------------------------


@memoize
def _cipher() -> Fernet:
    digest = hashlib.sha256(b"steady-page-cache:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def do_not_cache(response: HttpResponse) -> HttpResponse:
    """Keep this response out of the page cache (it shows something that expires soon)."""
    setattr(response, _NO_CACHE_ATTRIBUTE, True)
    return response


def _messages_pending(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    # len() counts stored and newly added messages without marking them as shown.
    return storage is not None and len(storage) > 0


def page_key(request: HttpRequest) -> str | None:
    """The cache key for this request's page, or None when it must not be cached."""
    if not enabled() or request.method != "GET":
        return None
    user: User | Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not csrf_secret or _messages_pending(request):
        return None
    parts = [
        str(user.pk),
        user.date_joined.isoformat(),
        data_version(user.pk),
        user.local_today().isoformat(),
        hashlib.sha256(csrf_secret.encode()).hexdigest(),
        request.get_full_path(),
        *(request.headers.get(name, "") for name in VARY_HEADERS),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return PAGE_KEY.format(digest=digest)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(response, _NO_CACHE_ATTRIBUTE, False)
        and not _messages_pending(request)
    )


def _pack(response: HttpResponse) -> tuple[list[tuple[str, str]], bytes]:
    """Headers, and the body compressed (HTML shrinks 5-10 times) then encrypted."""
    headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
    return headers, _cipher().encrypt(zlib.compress(response.content, 1))


def _unpack(entry: Any) -> HttpResponse | None:
    try:
        headers, token = entry
        content = zlib.decompress(_cipher().decrypt(token))
    except (InvalidToken, TypeError, ValueError, zlib.error):
        return None
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def cached_page(view: View) -> View:
    """Serve this GET view from the person's page cache while their data is unchanged.

    Put it under ``@login_required``. The view must render only the signed-in person's
    data and things that change with it or with the date.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = page_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        entry = cache.get(key)
        hit = _unpack(entry) if entry is not None else None
        if hit is not None:
            get_token(request)  # refresh the CSRF cookie, as rendering the page would
            return hit
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            cache.set(key, _pack(response), timeout())
        return response

    return wrapper
