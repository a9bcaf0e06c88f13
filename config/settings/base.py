"""Settings shared by every environment. Values that differ come from the environment."""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF

from safeguard.returns.census.la_codes import la_code_problem, ons_code_problem

from .env import env_bool, env_checked, env_int, env_list, env_str

# Django's generic classes (ModelAdmin, ModelForm, ...) take type arguments at runtime as their
# stubs declare (`admin.ModelAdmin[Person]`); django-tasks, which installs this, does it too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("SAFEGUARD_SECRET_KEY", "")
# Keys the audit trail's hash chain. Kept outside the database so that someone who can write
# to the database cannot forge the chain.
SAFEGUARD_AUDIT_KEY = env_str("SAFEGUARD_AUDIT_KEY", "")
DEBUG = env_bool("SAFEGUARD_DEBUG", False)
ALLOWED_HOSTS = env_list("SAFEGUARD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# Demo accounts and the demo generator are only ever allowed where this is on.
SAFEGUARD_DEMO_MODE = env_bool("SAFEGUARD_DEMO_MODE", False)

# The authority's codes in its statutory returns: the DfE's three-digit LA code (the census
# header, characters 2-4 of the UPNs its schools issue) and the nine-character ONS code (the
# SSDA903 return's local authority). Production must set both (prod.py). In demo mode they
# default to a real pair, Manchester's, so that the sector's validators recognise the demo
# authority's returns (rule 1530); its people stay fictional.
DEMO_LA_CODE = "352"
DEMO_LA_ONS_CODE = "E08000003"
SAFEGUARD_LA_CODE = env_checked(
    "SAFEGUARD_LA_CODE", DEMO_LA_CODE if SAFEGUARD_DEMO_MODE else "", la_code_problem
)
SAFEGUARD_LA_ONS_CODE = env_checked(
    "SAFEGUARD_LA_ONS_CODE", DEMO_LA_ONS_CODE if SAFEGUARD_DEMO_MODE else "", ons_code_problem
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "safeguard.common",
    "safeguard.accounts",
    "safeguard.timescales",
    "safeguard.people",
    "safeguard.organisation",
    "safeguard.cases",
    "safeguard.front_door",
    "safeguard.access",
    "safeguard.audit",
    "safeguard.agencies",
    "safeguard.agencies.linkage",
    "safeguard.agencies.signals",
    "safeguard.performance",
    "safeguard.returns",
    "safeguard.jobs",
    "safeguard.tasks",
    "safeguard.providers",
    "safeguard.care",
    "safeguard.care_leavers",
    "safeguard.permanence",
    "safeguard.family_help",
    "safeguard.proceedings",
    "safeguard.benchmarks",
    "safeguard.workforce",
    "safeguard.supervision",
    "safeguard.case_audits",
    "safeguard.improvement",
    "safeguard.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, reading the device with the account (accounts/backends.py).
    "safeguard.accounts.middleware.TwoFactorMiddleware",
    "safeguard.audit.context.AuditContextMiddleware",
    "safeguard.accounts.middleware.SessionSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "safeguard.access.middleware.RefusalAuditMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "safeguard.common.forms.GovukFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The navigation is the layout's `{% header_navigation %}`, not a context
                # processor: a processor runs for every template rendered with a request.
            ],
            "builtins": [
                "safeguard.common.templatetags.govuk_dates",
                # `{% url %}` kept per name for whole-number ids (common/reversing.py).
                "safeguard.common.templatetags.reversing",
            ],
        },
    },
]


def _database_from_env() -> dict[str, object]:
    url = env_str("DATABASE_URL", "")
    if not url:
        # The embedded default, so a newcomer needs nothing installed.
        VAR_DIR.mkdir(exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "safeguard.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiler costs the overdue queries' many small scalar subqueries as
        # expensive and spends seconds compiling what runs in milliseconds (3.4 s -> 0.2 s for
        # the authority-wide overdue list at scale 1), so it is off for this application.
        options: dict[str, object] = {"options": "-c jit=off"}
        if env_bool("DATABASE_POOL", False):
            options["pool"] = {"min_size": 2, "max_size": env_int("DATABASE_POOL_MAX", 10)}
        # Statements sent with their parameters apart, and prepared once a connection has run
        # them twice: PostgreSQL then plans a page's union of statutory clocks once per pooled
        # connection instead of on every request (planning it took 20-30 ms, longer than
        # running it). Off for a transaction-mode pooler that cannot keep prepared statements.
        if env_bool("DATABASE_PREPARE", True):
            options["server_side_binding"] = True
            options["prepare_threshold"] = env_int("DATABASE_PREPARE_THRESHOLD", 2)
        config["OPTIONS"] = options
    return config


DATABASES = {"default": _database_from_env()}

# Background work (builds of tens of seconds, partner files, nightly runs) on django-tasks with
# its database backend: no broker to install, and a job survives a worker restart because it
# is a row (docs/decisions/0007-background-jobs.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The files jobs make (an Annex A workbook names children) go to the default storage here, a
# folder the web and worker processes share; never served as media, only by the job's page to
# its requester, audited, and deleted after a week.
MEDIA_ROOT = env_str("SAFEGUARD_FILES_DIR", str(VAR_DIR / "files"))
# The census files a job builds (XML and error report), which its page serves, audited.
SAFEGUARD_RETURNS_DIR = env_str("SAFEGUARD_RETURNS_DIR", str(Path(MEDIA_ROOT) / "returns"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, loading each request's account, worker, session generation and
    # two-factor device in one query.
    "safeguard.accounts.backends.AccountBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:sign_in"

# Sessions: ended after 30 minutes idle or 10 hours in all, and when the browser closes.
# Django's database sessions, the read compiled once (safeguard/accounts/sessions.py).
SESSION_ENGINE = "safeguard.accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A form sent without a valid token gets the service's page saying what to do next.
CSRF_FAILURE_VIEW = "safeguard.common.errors.csrf_failure"
SAFEGUARD_SESSION_IDLE_SECONDS = env_int("SAFEGUARD_SESSION_IDLE_SECONDS", 30 * 60)
SAFEGUARD_SESSION_ABSOLUTE_SECONDS = env_int("SAFEGUARD_SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
# The timeout warning shows this long before the session ends (docs/accounts.md).
SAFEGUARD_SESSION_WARNING_SECONDS = env_int("SAFEGUARD_SESSION_WARNING_SECONDS", 2 * 60)
# A visit or case note the same as one recorded for the child this recently is asked about
# ("You recorded this already. Record it again?") before it is recorded.
SAFEGUARD_DUPLICATE_MINUTES = env_int("SAFEGUARD_DUPLICATE_MINUTES", 10)
# Paths served without a signed-in user: static files and the partner API (token auth).
SAFEGUARD_UNPROTECTED_PREFIXES = ("/static/", "/api/")
SAFEGUARD_BREAK_GLASS_HOURS = env_int("SAFEGUARD_BREAK_GLASS_HOURS", 4)
# This many refusals of one person (404s outside need to know, 403s) within this many minutes
# alert the auditors, once per burst (safeguard/access/refusals.py).
SAFEGUARD_REFUSAL_BURST_COUNT = env_int("SAFEGUARD_REFUSAL_BURST_COUNT", 10)
SAFEGUARD_REFUSAL_BURST_MINUTES = env_int("SAFEGUARD_REFUSAL_BURST_MINUTES", 10)
# The public's "Report a concern" form: stored reports an hour from one network address (a
# person is never stopped from phoning), the seconds a person takes at the least (faster is
# a machine), and the number shown on every page for the evening and weekend (the front door
# team's phone when unset).
SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = env_int("SAFEGUARD_PUBLIC_REPORTS_PER_HOUR", 10)
SAFEGUARD_PUBLIC_REPORT_MINIMUM_SECONDS = env_int("SAFEGUARD_PUBLIC_REPORT_MINIMUM_SECONDS", 3)
SAFEGUARD_OUT_OF_HOURS_PHONE = env_str("SAFEGUARD_OUT_OF_HOURS_PHONE", "")
# The protective marking (Government Security Classifications) shown at the top and bottom of
# every page, in print, and in every export (safeguard/common/marking.py, docs/security.md).
SAFEGUARD_PROTECTIVE_MARKING = env_str("SAFEGUARD_PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
# The partner API's requests a minute for each token (a 429 with Retry-After beyond it).
SAFEGUARD_API_REQUESTS_PER_MINUTE = env_int("SAFEGUARD_API_REQUESTS_PER_MINUTE", 120)
# Retention per record type, overriding the defaults in safeguard/cases/retention.py
# (children's social care records: until the 75th birthday; adoption: 100 years).
SAFEGUARD_RETENTION: dict[str, dict[str, object]] = {}

# Lockout after repeated failed sign-ins (django-axes), per username.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
# Per account, and per address and browser together: staff share an office's address, so
# locking a whole address would lock out a team because of one person's typos.
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_VERBOSE = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

OTP_TOTP_ISSUER = "Safeguard"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The nonce admits one inline style element: the print marking (common.marking).
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes and WhiteNoise serves from under production settings.
STATIC_ROOT = Path(env_str("SAFEGUARD_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Logs never carry case content or names (safeguard/common/logging.py): the filter sits on the
# console handler and on the loggers Django writes request data and SQL parameters to.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_case_content": {"()": "safeguard.common.logging.NoCaseContentFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_case_content"],
        }
    },
    "loggers": {
        name: {"filters": ["no_case_content"], "propagate": True}
        for name in (
            "django.request",
            "django.server",
            "django.security",
            "django.db.backends",
            "django.template",
            "axes",
        )
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}

# Email: the optional daily digest of each person's task counts (`send_task_digests`). SMTP
# unless told otherwise; the development settings print mail to the console instead.
EMAIL_BACKEND = env_str("SAFEGUARD_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("SAFEGUARD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SAFEGUARD_EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("SAFEGUARD_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SAFEGUARD_EMAIL_FROM", "safeguard@localhost")
# The address people open Safeguard at, for the links in an email (no trailing slash). Empty:
# send_task_digests refuses to send links that would lead nowhere.
SAFEGUARD_SITE_URL = env_str("SAFEGUARD_SITE_URL", "")

# Local practice clocks: an authority sets these; the defaults follow the domain notes.
SAFEGUARD_TIMESCALES = {
    "CP_VISIT_WORKING_DAYS": env_int("SAFEGUARD_CP_VISIT_WORKING_DAYS", 10),
    "CIN_VISIT_WORKING_DAYS": env_int("SAFEGUARD_CIN_VISIT_WORKING_DAYS", 20),
    "CIN_REVIEW_MONTHS": env_int("SAFEGUARD_CIN_REVIEW_MONTHS", 3),
    "DUE_SOON_WORKING_DAYS": env_int("SAFEGUARD_DUE_SOON_WORKING_DAYS", 5),
    # Case and personal supervision (docs/supervision.md): the authority's own interval.
    "SUPERVISION_INTERVAL_MONTHS": env_int("SAFEGUARD_SUPERVISION_INTERVAL_MONTHS", 1),
}
