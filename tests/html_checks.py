"""HTML validity: every page must parse without errors under html5lib's strict mode."""

from __future__ import annotations

import html5lib
from django.http import HttpResponse


def assert_valid_html(content: str | bytes | HttpResponse, *, fragment: bool = False) -> None:
    if isinstance(content, HttpResponse):
        content = content.content
    if isinstance(content, bytes):
        content = content.decode()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        if fragment:
            parser.parseFragment(content)
        else:
            parser.parse(content)
    except html5lib.html5parser.ParseError as error:
        line, col = parser.errors[0][0] if parser.errors else (0, 0)
        lines = content.splitlines()
        context = lines[line - 1] if 0 < line <= len(lines) else ""
        raise AssertionError(
            f"HTML parse error at line {line}, col {col}: {error}\n  {context.strip()[:200]}"
        ) from None


def assert_headings_in_order(
    content: str | bytes | HttpResponse, *, fragment: bool = False
) -> None:
    """Headings never skip a level going down (an h2 is followed by an h3 at most), and a
    full page starts at h1."""
    if isinstance(content, HttpResponse):
        content = content.content
    if isinstance(content, bytes):
        content = content.decode()
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parseFragment(content) if fragment else parser.parse(content)
    levels = [
        (int(element.tag[1]), "".join(element.itertext()).strip())
        for element in tree.iter()
        if isinstance(element.tag, str) and element.tag in HEADING_TAGS
    ]
    previous = 0 if not fragment else (levels[0][0] - 1 if levels else 0)
    for level, text in levels:
        assert level <= previous + 1, f"<h{level}> {text!r} follows an <h{previous}>"
        previous = level


HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
