"""The PDF's layout at the limits: the longest range with every core figure filled in."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from pypdf import PdfReader

from apps.safety.guidance import CheckIn, Questionnaire, Session
from apps.summary.figures import MAX_WEEKS, summary_figures
from apps.summary.pdf import summary_pdf
from apps.summary.selectors import Note, Sections, Summary

END = dt.date(2026, 11, 29)
START = END - dt.timedelta(days=MAX_WEEKS * 7 - 1)


def busy_summary(sections: Sections, notes: list[Note]) -> Summary:
    """Sixteen weeks: a session every other day with mood before and after, a daily
    check-in, a PHQ-9 every week (item 9 above 0 on some) and a WHO-5 every fortnight."""
    sessions, checkins, surveys = [], [], []
    for age in range(MAX_WEEKS * 7 + 40):
        day = END - dt.timedelta(days=age)
        if age % 2 == 0:
            sid = str(age)
            sessions.append(Session(sid, day, 40, Decimal(8)))
            checkins.append(CheckIn(day, "before", 3 + age % 5, sid, ate_recently=False))
            checkins.append(CheckIn(day, "after", 2 + age % 7, sid))
        checkins.append(CheckIn(day, "daily", 3))
        if age % 7 == 0:
            surveys.append(Questionnaire(day, "phq9", (2, 2, 1, 2, 1, 1, 1, 1, age % 3)))
        if age % 14 == 0:
            surveys.append(Questionnaire(day, "who5", (2, 3, 2, 3, 2)))
    figures = summary_figures(
        start=START,
        end=END,
        today=END,
        planned=[END - dt.timedelta(days=d) for d in range(0, MAX_WEEKS * 7, 2)],
        sessions=sorted(sessions, key=lambda s: s.date),
        checkins=sorted(checkins, key=lambda c: c.date),
        questionnaires=sorted(surveys, key=lambda q: q.date),
    )
    return Summary(
        figures=figures,
        person_name="Robin",
        today=END,
        generated_at=dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC),
        sections=sections,
        safety_plan=[],
        journal_notes=notes,
        session_notes=[],
    )


def test_the_longest_range_fits_on_two_pages() -> None:
    summary = busy_summary(Sections(), [])
    assert len(summary.figures.weeks) == MAX_WEEKS
    assert len(summary.figures.item9_dates) > 5

    reader = PdfReader(io.BytesIO(summary_pdf(summary)))

    assert len(reader.pages) <= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert all(f"{d.day} {d:%b %Y}" in text for d in summary.figures.item9_dates)
    assert "Robin" in text


def test_long_notes_flow_onto_more_pages_without_losing_any() -> None:
    notes = [
        Note(START + dt.timedelta(days=i), "Daily check-in", f"Note number {i}") for i in range(80)
    ]
    summary = busy_summary(Sections(journal_notes=True), notes)

    reader = PdfReader(io.BytesIO(summary_pdf(summary)))

    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 2
    assert all(f"Note number {i}\n" in text + "\n" for i in range(80))
