"""Links to one URL for many rows, reversed once.

A list of fifty rows that each link to ``workouts:session_detail`` would call ``reverse()``
fifty times for addresses that differ only in the id. ``row_url`` reverses the name once,
with a stand-in id, and keeps the text on either side of it; each row's link is then the
two halves around its own id (``{{ url.head }}{{ row.pk }}{{ url.tail }}`` in a template,
``url.for_id(pk)`` in Python).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

# Any id a route accepts; its digits must not occur elsewhere in the URL (they don't: the
# routes are words and one id).
STAND_IN_ID = 2_147_483_647


@dataclass(frozen=True)
class RowUrl:
    head: str
    tail: str

    def for_id(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


def row_url(name: str) -> RowUrl:
    """The URL named ``name``, which takes one id, split around it."""
    head, tail = reverse(name, args=[STAND_IN_ID]).rsplit(str(STAND_IN_ID), 1)
    return RowUrl(head, tail)
