from tests.authz import Case

CASES = [
    Case("accounts:settings", "login"),
]
