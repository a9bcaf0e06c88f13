"""Production: every secret from the environment, demo mode refused, HTTPS only.

`manage.py check --deploy` reports nothing under these settings (tested in
safeguard/common/tests/test_production_settings.py). How to run it: docs/deployment.md.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_list, env_secret

SECRET_KEY = env_secret("SAFEGUARD_SECRET_KEY", min_length=50)
# The audit key is what makes the trail tamper-evident: a short one could be guessed.
SAFEGUARD_AUDIT_KEY = env_secret("SAFEGUARD_AUDIT_KEY", min_length=32)
# One leaked key must not give away the other (signed cookies and the audit chain).
if SAFEGUARD_AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured("SAFEGUARD_AUDIT_KEY must differ from SAFEGUARD_SECRET_KEY.")
if SAFEGUARD_DEMO_MODE:  # noqa: F405
    raise ImproperlyConfigured("SAFEGUARD_DEMO_MODE must not be on under production settings.")
# The returns carry them: without them the census and the SSDA903 would name no authority.
# (base.py has already refused a malformed one.)
if not SAFEGUARD_LA_CODE:  # noqa: F405
    raise ImproperlyConfigured(
        "Set SAFEGUARD_LA_CODE to the authority's three-digit DfE LA code, such as 352."
    )
if not SAFEGUARD_LA_ONS_CODE:  # noqa: F405
    raise ImproperlyConfigured(
        "Set SAFEGUARD_LA_ONS_CODE to the authority's nine-character ONS code, such as E08000003."
    )
# No default: the development hosts must never be what production answers to.
ALLOWED_HOSTS = env_list("SAFEGUARD_ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set SAFEGUARD_ALLOWED_HOSTS to the service's host names.")
DEBUG = False

# HTTPS only, and browsers told to remember it for a year.
SECURE_SSL_REDIRECT = True
# The load balancer checks health over the internal network's plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Cookies: sent over HTTPS only, to this host only (the __Host- prefix makes the browser
# refuse one set by a sibling subdomain or over HTTP).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-safeguard_session"
CSRF_COOKIE_NAME = "__Host-safeguard_csrf"

# Hashed, compressed copies written by `collectstatic` and served by WhiteNoise with a
# year-long cache. A file the manifest lacks is an error at once, not a page without styles.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
