"""The summary as a PDF, drawn on the server with fpdf2 (pure Python, from PyPI).

Charts are drawn from the same shapes as the web page's SVG (``apps.summary.charts``)
with fpdf2's own lines, rectangles and ellipses. Text uses the PDF's built-in Helvetica,
which holds Latin-1 only: typographic punctuation is mapped to its plain form, and any
other character a person typed that Helvetica lacks is shown as "?" with a note that
the web page shows the text exactly.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from apps.summary import wording
from apps.summary.charts import Chart, Dot, Label, Line, Rect
from apps.summary.selectors import Note, Summary

MARGIN = 15.0
PAGE_WIDTH = 210.0  # A4
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHART_GAP = 4.0
LINE = 4.6

PLAIN = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u2022": "-",
        "\u2265": ">=",
        "\u2264": "<=",
        "\u00a0": " ",
    }
)

# (draw colour, fill colour or None) per shape style: calm blues and greys, with the
# item-9 marker in a strong colour that also differs in shape (a ring).
COLOURS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int] | None]] = {
    "axis": ((90, 90, 90), None),
    "grid": ((215, 215, 215), None),
    "planned": ((60, 90, 140), (255, 255, 255)),
    "done": ((60, 90, 140), (60, 90, 140)),
    "phq9": ((60, 90, 140), (60, 90, 140)),
    "who5": ((40, 120, 100), (40, 120, 100)),
    "before": ((130, 130, 130), (255, 255, 255)),
    "after": ((60, 90, 140), (60, 90, 140)),
    "item9": ((180, 40, 40), None),
}


class SummaryPdf(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.replaced_characters = False
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)

    def plain(self, text: str) -> str:
        mapped = text.translate(PLAIN)
        encoded = mapped.encode("latin-1", errors="replace").decode("latin-1")
        if encoded != mapped:
            self.replaced_characters = True
        return encoded

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("helvetica", size=7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        if self.will_page_break(14):
            self.add_page()
        self.ln(2)
        self.set_font("helvetica", "B", 11)
        self.cell(0, 6, self.plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("helvetica", size=9)

    def paragraph(self, text: str, *, bold: bool = False, size: float = 9) -> None:
        self.set_font("helvetica", "B" if bold else "", size)
        self.multi_cell(0, LINE, self.plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("helvetica", size=9)

    def grid(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        self.set_font("helvetica", "B", 8)
        self.set_fill_color(235, 239, 245)
        for text, width in zip(header, widths, strict=True):
            self.cell(width, 5, self.plain(text), border=1, fill=True)
        self.ln(5)
        self.set_font("helvetica", size=8)
        for row in rows:
            if self.will_page_break(5):
                self.add_page()
            for text, width in zip(row, widths, strict=True):
                self.cell(width, 5, self.plain(text), border=1)
            self.ln(5)
        self.set_font("helvetica", size=9)

    def chart(self, chart: Chart, x: float, y: float) -> None:
        self.set_font("helvetica", "B", 8)
        self.set_xy(x, y)
        self.cell(chart.width, 4, self.plain(chart.title))
        top = y + 4
        self.set_line_width(0.25)
        for shape in chart.shapes:
            if isinstance(shape, Rect):
                self._colour(shape.style)
                self.rect(x + shape.x, top + shape.y, shape.w, shape.h, style="DF")
            elif isinstance(shape, Line):
                self._colour(shape.style)
                self.line(x + shape.x1, top + shape.y1, x + shape.x2, top + shape.y2)
        for shape in chart.shapes:
            if isinstance(shape, Dot):
                self._dot(shape, x, top)
        self.set_font("helvetica", size=6)
        self.set_text_color(70, 70, 70)
        for shape in chart.shapes:
            if isinstance(shape, Label):
                text = self.plain(shape.text)
                width = self.get_string_width(text)
                offset = {"start": 0.0, "middle": width / 2, "end": width}[shape.anchor]
                self.text(x + shape.x - offset, top + shape.y, text)
        self._legend(chart, x, top + chart.height + 1)
        self.set_text_color(0, 0, 0)

    def _colour(self, style: str) -> None:
        draw, fill = COLOURS.get(style, COLOURS["axis"])
        self.set_draw_color(*draw)
        if fill is not None:
            self.set_fill_color(*fill)

    def _dot(self, dot: Dot, x: float, top: float) -> None:
        self._colour(dot.style)
        if dot.style == "item9":
            self.set_line_width(0.5)
            self.ellipse(x + dot.x - 1.9, top + dot.y - 1.9, 3.8, 3.8, style="D")
            self.set_line_width(0.25)
            return
        self.ellipse(x + dot.x - 0.9, top + dot.y - 0.9, 1.8, 1.8, style="DF")

    def _legend(self, chart: Chart, x: float, y: float) -> None:
        self.set_font("helvetica", size=6.5)
        cursor = x + 9
        for style, label in chart.legend:
            self._colour(style)
            if style == "item9":
                self.set_line_width(0.5)
                self.ellipse(cursor, y - 1.9, 3.0, 3.0, style="D")
                self.set_line_width(0.25)
            else:
                self.rect(cursor, y - 1.6, 2.6, 2.6, style="DF")
            text = self.plain(label)
            self.text(cursor + 3.8, y + 0.6, text)
            cursor += 3.8 + self.get_string_width(text) + 5


def _weeks_table(pdf: SummaryPdf, summary: Summary) -> None:
    rows = wording.week_rows(summary.figures)
    pdf.grid(list(wording.WEEK_COLUMNS), rows, [40, 22, 22, 28, 28, 40])


def _notes(pdf: SummaryPdf, title: str, notes: list[Note]) -> None:
    pdf.heading(title)
    if not notes:
        pdf.paragraph("None written in this range.")
    for note in notes:
        pdf.paragraph(f"{wording.day_text(note.date)}, {note.heading}", bold=True, size=8.5)
        pdf.paragraph(note.text, size=8.5)


def summary_pdf(summary: Summary) -> bytes:
    """The summary as PDF bytes: one or two A4 pages without the optional sections."""
    f = summary.figures
    pdf = SummaryPdf()
    pdf.set_title(wording.TITLE)
    pdf.set_creator("Steady")
    pdf.add_page()

    pdf.set_font("helvetica", "B", 15)
    pdf.cell(0, 8, wording.TITLE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.paragraph(
        f"{summary.person_name + ', ' if summary.person_name else ''}"
        f"{wording.range_text(f.start, f.end)}",
        bold=True,
        size=10,
    )
    pdf.paragraph(wording.WHAT_THIS_IS)
    pdf.paragraph(f"Made on {wording.day_text(summary.today)}.", size=8)
    if not f.has_data:
        pdf.paragraph(wording.NO_DATA, bold=True)

    pdf.heading("Sessions and mood by week")
    pdf.paragraph(wording.attendance_text(f))
    chart_list = summary.charts
    y = pdf.get_y() + 1
    chart_width = (CONTENT_WIDTH - CHART_GAP) / 2
    pdf.chart(chart_list[0], MARGIN, y)
    pdf.chart(chart_list[1], MARGIN + chart_width + CHART_GAP, y)
    pdf.set_xy(MARGIN, y + chart_list[0].height + 9)
    _weeks_table(pdf, summary)

    pdf.heading("Questionnaires")
    if pdf.will_page_break(chart_list[2].height + 10):
        pdf.add_page()
    y = pdf.get_y() + 1
    pdf.chart(chart_list[2], MARGIN, y)
    pdf.chart(chart_list[3], MARGIN + chart_width + CHART_GAP, y)
    pdf.set_xy(MARGIN, y + chart_list[2].height + 9)
    pdf.paragraph(wording.PHQ9_BANDS_TEXT)
    if f.phq9:
        pdf.grid(
            ["PHQ-9 date", "Total", "Band", "Item 9"],
            [
                [
                    wording.day_text(p.date),
                    str(p.total),
                    p.band_label,
                    f"{p.item9} - ABOVE 0" if p.item9_above_zero else str(p.item9),
                ]
                for p in f.phq9
            ],
            [45, 20, 45, 40],
        )
    else:
        pdf.paragraph("No PHQ-9 in this range.")
    if f.item9_dates:
        pdf.set_text_color(160, 30, 30)
        pdf.paragraph(
            f"{wording.ITEM9_TEXT} {', '.join(wording.day_text(d) for d in f.item9_dates)}.",
            bold=True,
        )
        pdf.set_text_color(0, 0, 0)
    elif f.phq9:
        pdf.paragraph(wording.ITEM9_NONE)
    if f.who5:
        pdf.paragraph(wording.WHO5_TEXT)
        pdf.paragraph(f"WHO-5: {wording.who5_line(f)}.")
    else:
        pdf.paragraph("No WHO-5 in this range.")
    pdf.paragraph(wording.NOTICE, size=7.5)

    pdf.heading("Guidance shown")
    if f.guidance:
        pdf.paragraph(wording.GUIDANCE_TEXT)
        for period in f.guidance:
            pdf.paragraph(f"- {wording.guidance_line(period)}")
    else:
        pdf.paragraph(wording.GUIDANCE_NONE)

    if summary.sections.safety_plan:
        pdf.heading("Safety plan")
        if not summary.safety_plan:
            pdf.paragraph("No safety plan written yet.")
        for label, text in summary.safety_plan:
            pdf.paragraph(label, bold=True, size=8.5)
            pdf.paragraph(text, size=8.5)
    if summary.sections.journal_notes:
        _notes(pdf, "Journal notes", summary.journal_notes)
    if summary.sections.session_notes:
        _notes(pdf, "Session notes", summary.session_notes)
    if pdf.replaced_characters:
        pdf.paragraph(
            "Some characters could not be shown in this PDF and appear as '?'. "
            "The web version of this summary shows the text exactly.",
            size=7.5,
        )
    return bytes(pdf.output())
