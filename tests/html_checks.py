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
