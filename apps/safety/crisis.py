"""Crisis lines by country (DOMAIN.md, "Crisis resources").

Plain data, no Django: the page, the banner and emails all read it from here. Numbers
are kept exactly as published by each service; `tel:`/`sms:` targets are digits only.
"""

from __future__ import annotations

from dataclasses import dataclass

FIND_A_HELPLINE_URL = "https://findahelpline.com"


@dataclass(frozen=True)
class CrisisLine:
    name: str
    description: str
    display: str
    call: str | None = None  # digits for a tel: link
    text: str | None = None  # digits for an sms: link
    text_body: str | None = None  # the keyword to send, if the service needs one
    emergency: bool = False

    @property
    def tel_href(self) -> str | None:
        return f"tel:{self.call}" if self.call else None

    @property
    def sms_href(self) -> str | None:
        if not self.text:
            return None
        return f"sms:{self.text}" + (f"?body={self.text_body}" if self.text_body else "")


_LIFELINE_988 = CrisisLine(
    name="988 Suicide & Crisis Lifeline",
    description="Call or text any time, day or night.",
    display="988",
    call="988",
    text="988",
)

CRISIS_LINES: dict[str, list[CrisisLine]] = {
    "US": [
        CrisisLine(
            "Emergency services", "If you are in danger right now.", "911", "911", emergency=True
        ),
        _LIFELINE_988,
        CrisisLine(
            name="Crisis Text Line",
            description="Text HOME to 741741 to reach a trained volunteer.",
            display="Text HOME to 741741",
            text="741741",
            text_body="HOME",
        ),
    ],
    "CA": [
        CrisisLine(
            "Emergency services", "If you are in danger right now.", "911", "911", emergency=True
        ),
        CrisisLine(
            name="9-8-8 Suicide Crisis Helpline",
            description="Call or text any time, day or night.",
            display="9-8-8",
            call="988",
            text="988",
        ),
    ],
    "GB": [
        CrisisLine(
            "Emergency services", "If you are in danger right now.", "999", "999", emergency=True
        ),
        CrisisLine(
            name="Samaritans",
            description="Free to call, 24 hours a day, every day.",
            display="116 123",
            call="116123",
        ),
        CrisisLine(
            name="Shout",
            description="Text SHOUT to 85258 to talk by text.",
            display="Text SHOUT to 85258",
            text="85258",
            text_body="SHOUT",
        ),
    ],
    "IE": [
        CrisisLine(
            "Emergency services", "If you are in danger right now.", "112", "112", emergency=True
        ),
        CrisisLine(
            name="Samaritans",
            description="Free to call, 24 hours a day, every day.",
            display="116 123",
            call="116123",
        ),
    ],
    "AU": [
        CrisisLine(
            "Emergency services", "If you are in danger right now.", "000", "000", emergency=True
        ),
        CrisisLine(
            name="Lifeline",
            description="Call any time, day or night.",
            display="13 11 14",
            call="131114",
        ),
    ],
    "NZ": [
        CrisisLine(
            "Emergency services", "If you are in danger right now.", "111", "111", emergency=True
        ),
        CrisisLine(
            name="1737, Need to talk?",
            description="Free call or text any time to talk with a trained counsellor.",
            display="1737",
            call="1737",
            text="1737",
        ),
    ],
}

POSTPARTUM_LINES: dict[str, list[CrisisLine]] = {
    "US": [
        CrisisLine(
            name="National Maternal Mental Health Hotline",
            description=(
                "Support for new and expecting parents, any time. It is not a crisis line: "
                "in a crisis it connects you to 988."
            ),
            display="1-833-852-6262",
            call="18338526262",
            text="18338526262",
        ),
        CrisisLine(
            name="Postpartum Support International",
            description="Help and local resources for parents after birth.",
            display="1-800-944-4773",
            call="18009444773",
        ),
    ],
}


def crisis_lines_for(country: str) -> list[CrisisLine]:
    """Lines for a country; an empty list means: use the international directory."""
    return CRISIS_LINES.get(country, [])


def postpartum_lines_for(country: str) -> list[CrisisLine]:
    return POSTPARTUM_LINES.get(country, [])
