"""The service worker, the manifest and logging out: what the browser is told."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from PIL import Image

from apps.offline.release import current_release

pytestmark = pytest.mark.django_db


def test_the_worker_is_served_at_the_root_with_this_releases_version(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    release = current_release()
    assert release.version in body
    assert "/static/js/offline-store.js" in body
    assert "/static/css/steady.css" in release.static_urls
    assert [url for url in release.static_urls if "htmx" in url]
    assert not [url for url in release.static_urls if "screenshots" in url]


def test_a_changed_static_file_or_build_id_is_a_new_version(settings: Any, tmp_path: Path) -> None:
    before = current_release().version
    settings.STEADY_BUILD_ID = "next"
    with_build = current_release().version
    assert with_build != before
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "steady.css").write_text("/* changed */")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    finders.get_finder.cache_clear()
    try:
        assert current_release().version not in (before, with_build)
    finally:
        finders.get_finder.cache_clear()


def test_the_manifest_makes_steady_installable(client: Client) -> None:
    data = client.get("/manifest.webmanifest").json()
    assert data["start_url"] == reverse("programs:today")
    assert data["display"] == "standalone"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        found = finders.find(icon["src"].removeprefix("/static/"))
        assert isinstance(found, str)
        with Image.open(found) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            assert image.format == "PNG"


def test_logging_out_clears_what_the_device_keeps(owner_client: Client) -> None:
    response = owner_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_other_posts_that_redirect_keep_what_the_device_keeps(owner_client: Client) -> None:
    response = owner_client.post(reverse("safety:acknowledge"), {"code": "crisis_support"})
    assert response.status_code == 302
    assert "Clear-Site-Data" not in response


def test_a_log_out_without_a_session_clears_nothing(client: Client) -> None:
    response = client.post(reverse("account_logout"))
    assert "Clear-Site-Data" not in response


def test_pages_link_the_manifest_and_the_offline_script(owner_client: Client) -> None:
    body = owner_client.get(reverse("programs:today")).content.decode()
    assert 'rel="manifest"' in body
    assert "js/offline.js" in body
