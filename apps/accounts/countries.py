"""Countries a person can pick. Crisis resources are matched on these codes.

Countries without a tailored list get the international directory (see apps.safety).
"""

COUNTRY_CHOICES: list[tuple[str, str]] = [
    ("US", "United States"),
    ("CA", "Canada"),
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("OTHER", "Somewhere else"),
]
COUNTRY_CODES = frozenset(code for code, _ in COUNTRY_CHOICES)
