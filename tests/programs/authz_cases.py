from tests.authz import Case

CASES = [
    Case("programs:today", "login"),
    Case("programs:mine", "login"),
]
