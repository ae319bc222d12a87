.PHONY: run test lint typecheck bench

run:        ## web + worker + beat on embedded defaults, with demo data
	./scripts/run

test:       ## the whole test suite
	./scripts/test

lint:       ## ruff, and import-linter's layer contract (pyproject.toml)
	uv run ruff check . && uv run ruff format --check . && uv run lint-imports

typecheck:
	uv run mypy apps config

bench:      ## load benchmark against local PostgreSQL (see README)
	./scripts/bench
