"""Sends the mail server accepted while the database could not record them.

After a 250 the worker retries the SENT write on fresh connections for
REMINDERS_SENT_WRITE_RETRY_SECONDS. If the database is still unreachable then, the
acceptance is written here instead: one field per delivery in a Redis hash (no expiry, so
the ``volatile-lru`` policy never evicts it). The stuck-row sweeper reads it before it
sends a SENDING row again and records such rows as SENT instead. Without Redis (the
newcomer's filesystem broker) there is nowhere else durable to write, and the sweeper
sends the row again with the same Message-ID.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

ACCEPTED_KEY = "steady:reminders:accepted"


def _client() -> redis.Redis | None:
    url = getattr(settings, "REDIS_URL", "")
    return redis.Redis.from_url(url, socket_timeout=5) if url else None


def acceptance_record(*, delivery_id: int, claimed_at: dt.datetime) -> bool:
    """Remember that this claim's message was accepted. False if it could not be kept."""
    client = _client()
    if client is None:
        return False
    try:
        client.hset(ACCEPTED_KEY, str(delivery_id), claimed_at.isoformat())
    except redis.RedisError as error:
        logger.error("Could not keep the acceptance of delivery %s: %s", delivery_id, error)
        return False
    return True


def acceptances_for(delivery_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """The recorded acceptances among ``delivery_ids``: id → the claim that sent it."""
    ids = [str(i) for i in delivery_ids]
    client = _client()
    if client is None or not ids:
        return {}
    try:
        values = client.hmget(ACCEPTED_KEY, ids)
    except redis.RedisError as error:
        logger.warning("Could not read recorded acceptances: %s", error)
        return {}
    return {
        int(i): dt.datetime.fromisoformat(v.decode() if isinstance(v, bytes) else v)
        for i, v in zip(ids, values, strict=True)
        if v is not None
    }


def acceptances_forget(delivery_ids: Iterable[int]) -> None:
    ids = [str(i) for i in delivery_ids]
    client = _client()
    if client is None or not ids:
        return
    try:
        client.hdel(ACCEPTED_KEY, *ids)
    except redis.RedisError as error:  # a stale entry only ever turns a re-send into SENT
        logger.warning("Could not clear recorded acceptances: %s", error)
