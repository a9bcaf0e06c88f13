"""Production: every secret from the environment, demo mode refused."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_str

SECRET_KEY = env_str("SAFEGUARD_SECRET_KEY")
SAFEGUARD_AUDIT_KEY = env_str("SAFEGUARD_AUDIT_KEY")
if SAFEGUARD_DEMO_MODE:  # noqa: F405
    raise ImproperlyConfigured("SAFEGUARD_DEMO_MODE must not be on under production settings.")
DEBUG = False
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
