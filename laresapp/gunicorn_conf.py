"""gunicorn settings for laresapp: ``gunicorn -c python:laresapp.gunicorn_conf …``.

The access log masks trip tokens (laresapp/web/logs.py): a token is the key to a trip.

``reuse_port``: each worker listens on its own socket (``SO_REUSEPORT``) and the kernel
spreads new connections over them evenly. With one shared socket, the worker whose main
thread happened to be awake accepted a whole burst of connections, and kept them (HTTP
keep-alive): in the load bench (bench/tick_load.py, 50 clients) all 50 connections landed
on one of 2–4 workers in three runs of four, so one process (one core, under Python's
lock) served everyone while the others idled, and its queue was the p99 (docs/decisions.md,
"Load on the operations path"). The cost: connections waiting in the queue of a worker
that dies are reset instead of going to another worker (the phones' outbox sends again).
"""

logger_class = "laresapp.web.logs.MaskingGunicornLogger"
reuse_port = True
