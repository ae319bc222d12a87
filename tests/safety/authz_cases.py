from tests.authz import Case

CASES = [
    Case("safety:crisis", "public"),
    Case("safety:crisis", "public", query="?country=US", extra={"logged_in": False}),
    Case("safety:guidance", "login"),
]
