"""The safety guidance engine (DOMAIN.md, "Safety guidance rules"). Pure Python, no Django.

``evaluate(GuidanceInput) -> list[GuidanceItem]`` turns plain data about a person into the
guidance items of the contract table. The database selector (apps.safety.selectors) and the
``evaluate_guidance`` management command (scenario JSON) both feed this same function.
"""

from apps.safety.guidance.data import (
    CheckIn,
    GuidanceInput,
    GuidanceItem,
    Profile,
    Questionnaire,
    Session,
)
from apps.safety.guidance.engine import evaluate

__all__ = [
    "CheckIn",
    "GuidanceInput",
    "GuidanceItem",
    "Profile",
    "Questionnaire",
    "Session",
    "evaluate",
]
