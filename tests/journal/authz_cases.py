from tests.authz import Case

CASES = [
    Case("journal:timeline", "login"),
]
