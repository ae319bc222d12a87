"""gunicorn settings, shared by the Dockerfile, docker-compose and ``scripts/bench``.

Synchronous workers (2 × cores + 1) gave the steadiest tail latency in ``scripts/bench``.
Threaded workers served as many requests, but with many keep-alive clients some
connections waited long behind others (the GIL starves the thread that dispatches
ready connections). Synchronous
workers expect a buffering proxy in front for slow clients; production has one anyway,
since it terminates TLS (``SECURE_PROXY_SSL_HEADER``).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A request that takes longer than this is stuck: the worker is replaced.
timeout = 30
graceful_timeout = 20
# "-" is standard output; an empty value turns the access log off (the benchmark does).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
