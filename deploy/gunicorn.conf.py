"""gunicorn's settings for Safeguard in production (docs/deployment.md).

Run from the checkout: `.venv/bin/gunicorn --config deploy/gunicorn.conf.py`. What differs
between servers comes from the environment, beside the application's own settings.
"""

import os

wsgi_app = "config.wsgi:application"

# Behind the reverse proxy that ends TLS: never on a public address.
bind = os.environ.get("SAFEGUARD_BIND", "127.0.0.1:8000")

# Threads share a process's psycopg pool (DATABASE_POOL, at least as many connections as
# threads); measured with 3 x 4 in bench/load.py.
worker_class = "gthread"
workers = int(os.environ.get("SAFEGUARD_WEB_WORKERS", "3"))
threads = int(os.environ.get("SAFEGUARD_WEB_THREADS", "4"))

# Long builds run as background jobs, so a page still busy after a minute is stuck.
timeout = 60
graceful_timeout = 30
# A worker is replaced now and then, so slow growth in memory never reaches the machine's limit.
max_requests = 2000
max_requests_jitter = 200

# Only the proxy may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log to standard output (the journal). Path only, never the query string: searches
# carry names and dates of birth there.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = "-"

# systemd, not gunicorn's control socket, starts, reloads and stops the server.
control_socket_disable = True
