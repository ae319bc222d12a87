"""The Redis cache backend (apps.core.cache) reuses one client per connection pool."""

from __future__ import annotations

import os
import threading

import pytest

from apps.core.cache import RedisCache
from tests.conftest import service_missing

pytestmark = pytest.mark.redis


@pytest.fixture
def backend() -> RedisCache:
    url = os.environ.get("REDIS_URL")
    if not url:
        service_missing("a real Redis server: set REDIS_URL")
    return RedisCache(url, {"KEY_PREFIX": "test-cache-client"})


def test_one_client_per_pool_is_reused(backend: RedisCache) -> None:
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client() is client
    assert backend._cache.get_client(write=True) is client


def test_it_stores_and_reads_like_djangos_backend(backend: RedisCache) -> None:
    backend.set("entry", {"figures": [1, 2.5, "x"]}, timeout=30)
    backend.set_many({"a": 1, "b": 2}, timeout=30)
    try:
        assert backend.get("entry") == {"figures": [1, 2.5, "x"]}
        assert backend.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
        assert backend.add("a", 3) is False
    finally:
        backend.delete_many(["entry", "a", "b"])
    assert backend.get("entry") is None


def test_the_shared_client_is_safe_across_threads(backend: RedisCache) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(50):
                backend.set(f"t{n}", i, timeout=30)
                assert backend.get(f"t{n}") == i
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    backend.delete_many([f"t{n}" for n in range(8)])
    assert errors == []
