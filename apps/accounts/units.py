"""Weight units. Everything is stored in kilograms; pounds exist only at the edges."""

from decimal import ROUND_HALF_UP, Decimal

KG = "kg"
LB = "lb"
LB_PER_KG = Decimal("2.20462262")


def kg_to_unit(kg: Decimal | float, unit: str) -> Decimal:
    """Convert a stored kilogram value to the user's unit, rounded to 0.1."""
    value = Decimal(str(kg))
    if unit == LB:
        value = value * LB_PER_KG
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def unit_to_kg(value: Decimal | float, unit: str) -> Decimal:
    """Convert a value typed in the user's unit to kilograms, kept to 0.01 kg."""
    amount = Decimal(str(value))
    if unit == LB:
        amount = amount / LB_PER_KG
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Pound increments that exist as plates and dumbbells.
LB_INCREMENTS = (Decimal("2.5"), Decimal("5"), Decimal("10"), Decimal("15"), Decimal("20"))


def increment_in_unit(increment_kg: Decimal, unit: str) -> Decimal:
    """An exercise's load increment as someone using ``unit`` would load it.

    Pound users get a real pound step (2.5 kg becomes 5 lb, not 5.5 lb or 2.27 kg).
    """
    if unit != LB:
        return increment_kg
    exact = increment_kg * LB_PER_KG
    return min(LB_INCREMENTS, key=lambda step: (abs(step - exact), step))


# A barbell and the plates a gym has, in the unit they are stamped with: an Olympic bar
# (20 kg / 45 lb) and the usual pairs of plates. People change them in settings.
DEFAULT_BAR_WEIGHT = {KG: Decimal("20"), LB: Decimal("45")}
DEFAULT_PLATES = {
    KG: tuple(Decimal(p) for p in ("25", "20", "15", "10", "5", "2.5", "1.25")),
    LB: tuple(Decimal(p) for p in ("45", "35", "25", "10", "5", "2.5")),
}
