"""The summary's charts as plain shapes in millimetres. Pure Python, no Django.

The same shapes are drawn twice: as SVG in the print-friendly page
(``templates/summary/_document.html``) and with fpdf2's drawing primitives in the PDF
(``apps.summary.pdf``), so both formats always show the same picture. The origin is the
top-left corner, as in both SVG and PDF page coordinates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from apps.summary.figures import Phq9Point, Week, Who5Point

WIDTH = 88.0
HEIGHT = 46.0
LEFT = 9.0  # room for the y-axis labels
RIGHT = 3.0
TOP = 4.0
BOTTOM = 7.0  # room for the x-axis labels
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
PHQ9_MAX = 27
PHQ9_BAND_STARTS = (5, 10, 15, 20)
WHO5_MAX = 100
MOOD_MIN, MOOD_MAX = 1, 10

Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    style: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    style: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    style: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: Anchor = "middle"
    style: str = "axis"


Shape = Rect | Line | Dot | Label


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    shapes: tuple[Shape, ...]
    legend: tuple[tuple[str, str], ...] = ()  # (style, label)
    width: float = WIDTH
    height: float = HEIGHT

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    def of(self, kind: type[Shape]) -> list[Shape]:
        return [s for s in self.shapes if isinstance(s, kind)]

    @property
    def rects(self) -> list[Shape]:
        return self.of(Rect)

    @property
    def lines(self) -> list[Shape]:
        return self.of(Line)

    @property
    def dots(self) -> list[Shape]:
        return self.of(Dot)

    @property
    def labels(self) -> list[Shape]:
        return self.of(Label)


def _y(value: float, low: float, high: float) -> float:
    return round(TOP + PLOT_HEIGHT * (1 - (value - low) / (high - low)), 2)


def _y_axis(ticks: Sequence[int], low: float, high: float) -> list[Shape]:
    shapes: list[Shape] = []
    for tick in ticks:
        y = _y(tick, low, high)
        shapes.append(Line(LEFT, y, LEFT + PLOT_WIDTH, y, "grid"))
        shapes.append(Label(LEFT - 1.2, y + 0.9, str(tick), "end"))
    shapes.append(Line(LEFT, TOP, LEFT, TOP + PLOT_HEIGHT, "axis"))
    shapes.append(Line(LEFT, TOP + PLOT_HEIGHT, LEFT + PLOT_WIDTH, TOP + PLOT_HEIGHT, "axis"))
    return shapes


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _week_slots(weeks: Sequence[Week]) -> list[float]:
    """The centre x of each week's slot."""
    slot = PLOT_WIDTH / max(len(weeks), 1)
    return [round(LEFT + slot * (i + 0.5), 2) for i in range(len(weeks))]


def _week_labels(weeks: Sequence[Week], xs: Sequence[float]) -> list[Shape]:
    # At most about eight labels fit under a chart; label every other week beyond that.
    step = 1 if len(weeks) <= 8 else 2
    return [
        Label(x, HEIGHT - 2.2, _short(week.first))
        for i, (week, x) in enumerate(zip(weeks, xs, strict=True))
        if (len(weeks) - 1 - i) % step == 0
    ]


def attendance_chart(weeks: Sequence[Week]) -> Chart:
    """Planned sessions (outlined) beside finished ones (filled), per week."""
    high = max([3, *(w.planned for w in weeks), *(w.done for w in weeks)])
    xs = _week_slots(weeks)
    bar = min(PLOT_WIDTH / max(len(weeks), 1) * 0.35, 5.0)
    shapes = _y_axis(range(0, high + 1, 1 if high <= 6 else 2), 0, high)
    for week, x in zip(weeks, xs, strict=True):
        base = _y(0, 0, high)
        for count, offset, style in ((week.planned, -bar, "planned"), (week.done, 0, "done")):
            if count:
                top = _y(count, 0, high)
                shapes.append(Rect(round(x + offset, 2), top, round(bar, 2), base - top, style))
    shapes.extend(_week_labels(weeks, xs))
    done = sum(w.done for w in weeks)
    planned = sum(w.planned for w in weeks)
    return Chart(
        "Sessions per week",
        f"Bar chart of sessions per week: {done} finished, {planned} planned in all.",
        tuple(shapes),
        (("planned", "Planned"), ("done", "Finished")),
    )


def _date_x(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = max((end - start).days, 1)
    return round(LEFT + PLOT_WIDTH * (day - start).days / span, 2)


def _series(points: Sequence[tuple[float, float]], style: str) -> list[Shape]:
    shapes: list[Shape] = [Line(x1, y1, x2, y2, style) for (x1, y1), (x2, y2) in pairwise(points)]
    shapes.extend(Dot(x, y, style) for x, y in points)
    return shapes


def _date_labels(start: dt.date, end: dt.date) -> list[Shape]:
    middle = start + (end - start) / 2
    return [
        Label(LEFT, HEIGHT - 2.2, _short(start), "start"),
        Label(_date_x(middle, start, end), HEIGHT - 2.2, _short(middle)),
        Label(LEFT + PLOT_WIDTH, HEIGHT - 2.2, _short(end), "end"),
    ]


def phq9_chart(points: Sequence[Phq9Point], start: dt.date, end: dt.date) -> Chart:
    """PHQ-9 totals over time on the 0–27 scale, with the band boundaries as grid
    lines; answers with item 9 above 0 get a ring of their own."""
    shapes = _y_axis((0, *PHQ9_BAND_STARTS, PHQ9_MAX), 0, PHQ9_MAX)
    xy = [(_date_x(p.date, start, end), _y(p.total, 0, PHQ9_MAX)) for p in points]
    shapes.extend(_series(xy, "phq9"))
    shapes.extend(
        Dot(x, y, "item9") for p, (x, y) in zip(points, xy, strict=True) if p.item9_above_zero
    )
    shapes.extend(_date_labels(start, end))
    marked = sum(1 for p in points if p.item9_above_zero)
    return Chart(
        "PHQ-9 total",
        f"Line chart of {len(points)} PHQ-9 totals from 0 to 27; grid lines at the band "
        f"boundaries 5, 10, 15 and 20; {marked} marked with item 9 above 0.",
        tuple(shapes),
        (("phq9", "PHQ-9 total"), ("item9", "Item 9 above 0")),
    )


def who5_chart(points: Sequence[Who5Point], start: dt.date, end: dt.date) -> Chart:
    """WHO-5 percentages (raw × 4) over time on the 0–100 scale."""
    shapes = _y_axis((0, 25, 50, 75, 100), 0, WHO5_MAX)
    xy = [(_date_x(p.date, start, end), _y(p.percentage, 0, WHO5_MAX)) for p in points]
    shapes.extend(_series(xy, "who5"))
    shapes.extend(_date_labels(start, end))
    return Chart(
        "WHO-5 well-being (0–100)",
        f"Line chart of {len(points)} WHO-5 scores from 0 to 100.",
        tuple(shapes),
        (("who5", "WHO-5 × 4"),),
    )


def mood_chart(weeks: Sequence[Week]) -> Chart:
    """Each week's mean mood before and after sessions, on the 1–10 scale."""
    shapes = _y_axis((1, 4, 7, 10), MOOD_MIN, MOOD_MAX)
    xs = _week_slots(weeks)
    for attribute, style in (("before_mean", "before"), ("after_mean", "after")):
        xy = [
            (x, _y(value, MOOD_MIN, MOOD_MAX))
            for week, x in zip(weeks, xs, strict=True)
            if (value := getattr(week, attribute)) is not None
        ]
        shapes.extend(_series(xy, style))
    shapes.extend(_week_labels(weeks, xs))
    return Chart(
        "Mood before and after sessions",
        "Chart of each week's mean mood before and after sessions, on a 1 to 10 scale.",
        tuple(shapes),
        (("before", "Before"), ("after", "After")),
    )
