"""This release's static files and cache version, for the service worker.

The version is a hash of every file the service worker keeps (their URLs and bytes), the
worker's own source and ``STEADY_BUILD_ID``: a deploy that changes any static file
changes the worker's bytes, so browsers install the new worker, which fills a new cache
and deletes the old one. Computed once per process (a few dozen small files).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.templatetags.static import static

# What the worker keeps: styles, scripts, vendored libraries and icons, and the htmx files
# ``{% htmx_script %}`` names. Screenshots are for the README, not the app.
KEPT_PREFIXES = ("css/", "js/", "vendor/", "img/")
SKIPPED_PREFIXES = ("img/screenshots/",)
IGNORE_PATTERNS = ["CVS", ".*", "*~"]
WORKER_SOURCE = Path(__file__).with_name("sw.js")


@dataclass(frozen=True)
class Release:
    version: str
    static_urls: tuple[str, ...]


def _kept_names() -> list[str]:
    # Of the htmx files django-htmx ships, the ones its tag puts on pages.
    htmx_tag = Template("{% load django_htmx %}{% htmx_script %}").render(Context({}))
    names: set[str] = set()
    for finder in finders.get_finders():
        for path, _storage in finder.list(IGNORE_PATTERNS):
            name = path.replace("\\", "/")
            ours = name.startswith(KEPT_PREFIXES) and not name.startswith(SKIPPED_PREFIXES)
            htmx = name.startswith("django_htmx/") and _url(name) in htmx_tag
            if ours or htmx:
                names.add(name)
    return sorted(names)


def _url(name: str) -> str:
    try:
        return f'"{static(name)}"'
    except ValueError:  # not in the manifest of hashed names: not deployed
        return "\0"


@functools.lru_cache(maxsize=4)
def _release(build_id: str, static_dirs: tuple[str, ...]) -> Release:
    digest = hashlib.sha256(build_id.encode())
    digest.update(WORKER_SOURCE.read_bytes())
    urls = []
    for name in _kept_names():
        found = finders.find(name)
        if not isinstance(found, str):
            continue
        try:
            url = static(name)
        except ValueError:  # not in the manifest of hashed names: not deployed
            continue
        digest.update(url.encode())
        digest.update(Path(found).read_bytes())
        urls.append(url)
    return Release(version=digest.hexdigest()[:16], static_urls=tuple(urls))


def current_release() -> Release:
    dirs = tuple(str(path) for path in settings.STATICFILES_DIRS)
    return _release(settings.STEADY_BUILD_ID, dirs)
