from tests.authz import Case

CASES = [
    Case("core:home", "public", owner_status=(200, 302)),
    Case("core:healthz", "public", owner_status=(200, 503)),
    Case("core:ping", "public"),
]
