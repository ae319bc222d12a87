from tests.authz import Case

CASES = [
    Case("accounts:settings", "login"),
    Case("accounts:export", "login"),
    Case("accounts:delete", "login"),
    Case("accounts:deleted", "public"),
]
