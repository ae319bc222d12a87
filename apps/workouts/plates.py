"""The plate calculator: which plates go on each side of the bar for a weight.

Pure arithmetic on ``Decimal`` (no Django), in whatever unit the bar and plates are in.
Greedy, heaviest plate first, is exact for the plate sets gyms have (each size at most
half of the next one up, 25/20/15/10/5/2.5/1.25 kg or 45/35/25/10/5/2.5 lb): it loads
the heaviest weight at or under the target. When the target can't be made, the answer
says so and gives that closest lighter load, never a rounded-up one.

``static/js/workouts-barbell.js`` does the same sum in the browser as the person types
(the browser test compares the two); keep them in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from apps.workouts.progression import format_amount


@dataclass(frozen=True)
class PlateLoad:
    """What to load for ``target``: ``per_side`` plates on each side, heaviest first."""

    target: Decimal
    bar: Decimal
    per_side: tuple[Decimal, ...]

    @property
    def loaded(self) -> Decimal:
        """The weight on the bar, bar included."""
        return self.bar + 2 * sum(self.per_side, Decimal(0))

    @property
    def below_bar(self) -> bool:
        return self.target < self.bar

    @property
    def exact(self) -> bool:
        return self.loaded == self.target


def plates_per_side(
    target: Decimal,
    *,
    bar: Decimal,
    plates: Mapping[Decimal, int | None] | Iterable[Decimal],
) -> PlateLoad:
    """Plates per side for ``target`` on a bar of ``bar``.

    ``plates`` is either the sizes available (as many pairs as needed) or a mapping of
    size to the number of pairs there are (None for as many as needed).
    """
    pairs: dict[Decimal, int | None] = (
        dict(plates) if isinstance(plates, Mapping) else dict.fromkeys(plates)
    )
    if target < bar:
        return PlateLoad(target=target, bar=bar, per_side=())
    remaining = (target - bar) / 2
    side: list[Decimal] = []
    for size in sorted((s for s in pairs if s > 0), reverse=True):
        count = int(remaining // size)
        limit = pairs[size]
        if limit is not None:
            count = min(count, limit)
        side.extend([size] * count)
        remaining -= size * count
    return PlateLoad(target=target, bar=bar, per_side=tuple(side))


# More of one plate than this on a side reads as a count: "4 × 25".
MOST_LISTED = 3


def side_text(per_side: tuple[Decimal, ...]) -> str:
    """The plates of one side, heaviest first: "25 + 25 + 10", or "4 × 25 + 10"."""
    parts: list[str] = []
    for size in sorted(set(per_side), reverse=True):
        count = per_side.count(size)
        if count > MOST_LISTED:
            parts.append(f"{count} × {format_amount(size)}")
        else:
            parts.extend([format_amount(size)] * count)
    return " + ".join(parts)


def plate_text(load: PlateLoad, unit: str) -> str:
    """What the session page says under a barbell set: "Each side: 20 + 10"."""

    def amount(value: Decimal) -> str:
        return f"{format_amount(value)} {unit}"

    if load.below_bar:
        return f"Lighter than the empty bar ({amount(load.bar)})"
    side = side_text(load.per_side)
    if load.exact:
        return f"Each side: {side}" if side else f"Just the bar ({amount(load.bar)})"
    if not side:
        return f"Can't make {amount(load.target)}: closest is just the bar ({amount(load.bar)})"
    return f"Can't make {amount(load.target)}: closest is {amount(load.loaded)}, each side: {side}"
