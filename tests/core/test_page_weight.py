"""Page weight: the Today page's first load stays small, and production serves static files
compressed and cache-busted.

A first load is the HTML plus every stylesheet and script it references, each sent
gzip-compressed. We measure gzip level 6 (the common web-server default); whitenoise
writes level 9 (and Brotli when installed), so what people download is at most this.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html.parser
import json
import re
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from tests.core.test_production_settings import GOOD_ENV, run_manage

BUDGET_BYTES = 80 * 1024
GZIP_LEVEL = 6


class AssetCollector(html.parser.HTMLParser):
    """Every ``<link rel=stylesheet href>`` and ``<script src>`` in a page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.urls.append(str(a["href"]))
        elif tag == "script" and a.get("src"):
            self.urls.append(str(a["src"]))


@dataclass
class Part:
    name: str
    raw: int
    compressed: int


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def static_file(url: str) -> Path:
    assert url.startswith(settings.STATIC_URL), f"{url} is not a local static file"
    found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert found, f"{url} is referenced by the page but no finder has it"
    return Path(str(found))


def next_wednesday_noon() -> dt.datetime:
    """A demo training day (Monday, Wednesday, Friday) whatever day the tests run."""
    today = dt.datetime.now(tz=dt.UTC).date()
    day = today + dt.timedelta(days=(2 - today.weekday()) % 7)
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["today", "training day"])
def test_today_first_load_is_under_80_kb_compressed(day: str) -> None:
    # The fullest Today page is a training day's: the plan card and each exercise in it.
    clock = time_machine.travel(next_wednesday_noon()) if day == "training day" else nullcontext()
    with clock:
        first_load(day)


def first_load(day: str) -> None:
    call_command("seed_demo")
    user = User.objects.get(email=settings.STEADY_DEMO_EMAIL)
    client = Client()
    client.force_login(user)

    response = client.get(reverse("programs:today"))

    assert response.status_code == 200
    if day == "training day":
        assert b'class="rx-list"' in response.content
    page = response.content
    collector = AssetCollector()
    collector.feed(page.decode())
    assert any(u.endswith(".css") for u in collector.urls), collector.urls
    assert any(u.endswith(".js") for u in collector.urls), collector.urls
    parts = [Part("HTML /programs/today/", len(page), gzipped_size(page))]
    for url in dict.fromkeys(collector.urls):
        data = static_file(url).read_bytes()
        parts.append(Part(url, len(data), gzipped_size(data)))
    total = sum(p.compressed for p in parts)
    parts.append(Part("total", sum(p.raw for p in parts), total))
    report = "\n".join(
        f"  {p.name:45} {p.raw / 1024:7.1f} KB raw {p.compressed / 1024:7.1f} KB gzip"
        for p in parts
    )
    assert total < BUDGET_BYTES, (
        f"Today's first load ({day}) is {total / 1024:.1f} KB > 80 KB:\n{report}"
    )
    print(f"\nToday page first load, {day} (gzip level {GZIP_LEVEL}):\n{report}")


@pytest.mark.slow
def test_production_uses_whitenoise_compressed_manifest_storage() -> None:
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        env=GOOD_ENV,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.mark.slow
def test_collectstatic_writes_hashed_and_compressed_files(tmp_path: Path) -> None:
    result = run_manage(
        "collectstatic", "--noinput", env=GOOD_ENV | {"STEADY_VAR_DIR": str(tmp_path)}
    )

    assert result.returncode == 0, result.stderr
    root = tmp_path / "staticfiles"
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/steady.css"]
    assert re.fullmatch(r"css/steady\.[0-9a-f]{12}\.css", hashed), hashed
    assert (root / f"{hashed}.gz").exists()
    assert gzip.decompress((root / f"{hashed}.gz").read_bytes()) == (root / hashed).read_bytes()
