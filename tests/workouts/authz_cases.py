from tests.authz import Case

CASES = [
    Case("workouts:history", "login"),
]
