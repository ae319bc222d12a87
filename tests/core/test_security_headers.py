"""Headers every page sends, and a scan that keeps inline script and style out of templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_pages_forbid_inline_script_framing_and_sniffing(client: Client) -> None:
    response = client.get("/accounts/login/")

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def template_files() -> list[Path]:
    return sorted(p for p in (ROOT / "templates").rglob("*.html") if "emails" not in p.parts)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_or_style_in_templates(path: Path) -> None:
    text = path.read_text()
    if path.name == "500.html":  # static page rendered without context: uses a <link> only
        assert "<script" not in text
    assert not INLINE_SCRIPT.search(text), f"inline <script> in {path}"
    assert not INLINE_STYLE.search(text), f"inline style or on* handler in {path}"
