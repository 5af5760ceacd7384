"""Settings for the CPD reflection journal.

One settings module: every difference between a laptop and production comes from
the environment. Defaults are safe for local use (SQLite, debug on, console email);
production sets DEBUG=false and the secrets. Malformed values fail loudly at start-up.
Kept in one module on purpose, past 400 lines: every setting read from the environment is in one
place, so an operator reads one file to know what can be set.
"""

import operator
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The one address links in emails and exports use (they are read away from any request).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set when DEBUG is off, e.g. https://cpd.example.org: "
        "links in emails and exports use it."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "corpus",
    "journal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cpd.middleware.RefuseMalformedRequests",
    # Compress HTML and JSON (whitenoise serves static files pre-compressed). BREACH: see
    # docs/security.md; Django masks the CSRF token per response and pads the gzip output.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cpd.middleware.ExplainWrongMethod",
    "allauth.account.middleware.AccountMiddleware",
    "journal.people.accounts.middleware.UserSessionsMiddleware",
    "journal.middleware.ReadNotificationsOnArrival",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so a locked-out login answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cpd.urls"
WSGI_APPLICATION = "cpd.wsgi.application"

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
                "cpd.context_processors.navigation",
                "journal.context_processors.navigation_bar",
            ],
        },
    },
]

# Widgets (inputs, selects, checkboxes) render from Django's own Jinja2 copies of its widget
# templates: the same HTML, in a third of the time, which the long entry form feels.
FORM_RENDERER = "cpd.renderers.FormRenderer"

# SQLite needs no set-up; PostgreSQL comes from DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's default random_page_cost (4) assumes spinning disks. On SSDs or a cached
    # database 1.1 is the usual value, and with it a search for a common word reads the
    # full-text index instead of the whole passage table (3x quicker at 37,000 passages).
    # PG_OPTIONS="" leaves the server's own settings (a connection pooler may need that).
    pg_options = env_str("PG_OPTIONS", "-c random_page_cost=1.1")
    if pg_options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = pg_options
    # Prepared statements: psycopg prepares a query once a connection has run it five times, so
    # PostgreSQL stops planning the session, user and menu queries on every request (they
    # need the parameters bound by the server). Django turns them off by default for poolers:
    # behind PgBouncer in transaction mode set PG_PREPARED_STATEMENTS=false.
    if env_bool("PG_PREPARED_STATEMENTS", True):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.update(server_side_binding=True, prepare_threshold=5)
    # QuerySet.iterator() here only walks small sets (a form's choices: six standards, a
    # person's supervisors); a server-side cursor for each would cost four round trips.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# Background work (large exports, the bin purge) on Django's tasks framework. Production: the
# database backend, run by `manage.py task_worker` (make serve starts one); the tests use
# django_tasks.backends.immediate.ImmediateBackend. Concurrency is the number of workers.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A running export beats four times in this long; one silent for it died with its worker and
# is marked failed by the other workers (manage.py task_worker). Waiting ones are cancelled when
# the whole queue has started nothing for EXPORT_STALLED_SECONDS (no worker running).
EXPORT_STALE_SECONDS = env_int("EXPORT_STALE_SECONDS", 45)
EXPORT_STALLED_SECONDS = env_int("EXPORT_STALLED_SECONDS", 30 * 60)
# A finished export's file is kept (in the database) this many days for downloading, then deleted.
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7)

# allauth keeps its rate limits (sign-up, log-in failures, two-factor codes) in the default
# cache, so it is shared by every process and server: a table in the database, created by
# migration journal 0018. What one process keeps for itself (corpus counts, the sessions page's
# throttle) is in "local", in memory. Rate-limit rows last an hour at most; MAX_ENTRIES only
# caps a flood.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cpd_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "journal.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Username or email, case-insensitively (allauth); the admin signs in through it too.
    "journal.people.accounts.backends.AuthenticationBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "journal:dashboard"
LOGOUT_REDIRECT_URL = "home"

# How many reverse proxies (each appending to X-Forwarded-For) stand in front of the app.
# Every client address (lock-outs, rate limits, the sessions page) is read the same way.
PROXY_COUNT = env_int("PROXY_COUNT", 0)

# Accounts (django-allauth): sign in by username or email, a verified address for everyone,
# a typed code rather than a link to click (easier on a phone), and no answer that tells a
# stranger whether an account exists. See docs/security.md.
ACCOUNT_ADAPTER = "journal.people.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
# Messages ("Logged in as …") name people as every page does, not by their username.
ACCOUNT_USER_DISPLAY = operator.methodcaller("get_display_name")
ACCOUNT_PRESERVE_USERNAME_CASING = True  # stored as typed, matched regardless of case
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
# Changing the address on the code page is off: a stranger signing up with a taken address
# must see exactly the page a newcomer sees (allauth cannot offer the change to both).
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("REAUTHENTICATION_SECONDS", 300)
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "CPD Journal: "
ACCOUNT_SIGNUP_REDIRECT_URL = "journal:account_welcome"  # offers two-factor first
ACCOUNT_FORMS = {
    "login": "journal.people.accounts.forms.LoginForm",
    "signup": "journal.people.accounts.forms.SignupForm",
    "reset_password": "journal.people.accounts.forms.ResetPasswordForm",
    "add_email": "journal.people.accounts.forms.AddEmailForm",
    "change_email": "journal.people.accounts.forms.ChangeEmailForm",
    "confirm_email_verification_code": "journal.people.accounts.forms.ConfirmEmailVerificationCodeForm",
    "change_password": "journal.people.accounts.forms.ChangePasswordForm",
    "set_password": "journal.people.accounts.forms.SetPasswordForm",
    "reset_password_from_key": "journal.people.accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "journal.people.accounts.forms.ReauthenticateForm",
}
# One emailed code per address in so many seconds (allauth's own default, made explicit): the
# code page greys "Send a new code" until then (journal.people.accounts.resend).
EMAIL_CODE_RESEND_SECONDS = 10
ACCOUNT_RATE_LIMITS = {
    # Passwords per address only: a per-username limit would let a stranger slow a colleague
    # down. allauth reuses this limit for two-factor codes, so those have their own below.
    "login_failed": "20/m/ip",
    "signup": "10/h/ip",
    "reset_password": "10/m/ip,3/5m/key",
    "confirm_email": f"1/{EMAIL_CODE_RESEND_SECONDS}s/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = PROXY_COUNT
# Wrong two-factor codes per person, from any address, counted in the default cache
# (journal.people.accounts.tries): only someone who has the password reaches the code step,
# so this locks out no stranger.
TWO_FACTOR_CODE_TRIES = 5
TWO_FACTOR_CODE_TRIES_MINUTES = 15
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "journal.people.accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "journal.people.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "journal.people.accounts.forms.ActivateTOTPForm",
}
MFA_TOTP_ISSUER = "CPD Journal"
MFA_TOTP_TOLERANCE = 1  # a code from the step before or after: slow typing, drifting clocks
MFA_RECOVERY_CODE_COUNT = 10
USERSESSIONS_TRACK_ACTIVITY = True
# Supervision (and later peer) invitations one person may send in 24 hours.
INVITATIONS_PER_DAY = env_int("INVITATIONS_PER_DAY", 10)

# django-axes: lock out a username *from one address* after repeated failures, so a stranger
# guessing a colleague's password elsewhere never locks that colleague out, and lock an address
# that fails across many usernames on its own (journal.people.accounts.lockout.LockoutHandler).
AXES_HANDLER = "journal.people.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # order matters
AXES_USERNAME_CALLABLE = "journal.people.accounts.lockout.username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The same client address as allauth's rate limits and the sessions page (PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "journal.people.accounts.lockout.client_ip"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Hashed static files are compressed at collectstatic time and served by whitenoise with
# "Cache-Control: max-age=315360000, public, immutable" (ten years, well over a year).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "cpd.storage.StaticFilesStorage"
        )
    },
}
# Evidence files attached to entries (certificates, slides): private, outside STATIC_ROOT and
# any folder a web server serves; read only through the download view, which asks the policy.
# Back it up with the database (docs/operations.md).
EVIDENCE_ROOT = Path(env_str("EVIDENCE_ROOT", str(BASE_DIR / "var" / "evidence")))
EVIDENCE_MAX_FILE_BYTES = env_int("EVIDENCE_MAX_FILE_BYTES", 10 * 1024 * 1024)
EVIDENCE_MAX_ACCOUNT_BYTES = env_int("EVIDENCE_MAX_ACCOUNT_BYTES", 200 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions live in the database so several app servers can share them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "cpd.views.csrf_failure"

# Entries are text; anything larger than this is a mistake or an attack.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
CORPUS_UPLOAD_MAX_BYTES = env_int("CORPUS_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
# Podcast feeds (corpus/fetching.py): what one fetch may take, in bytes per kind of file and in
# seconds; how many redirects it follows; and whether private and local addresses (an
# intranet's feeds, the tests' own server) may be fetched at all.
CORPUS_FETCH_MAX_BYTES = {
    "feed": env_int("CORPUS_FEED_MAX_BYTES", 5 * 1024 * 1024),
    "transcript": env_int("CORPUS_TRANSCRIPT_MAX_BYTES", 5 * 1024 * 1024),
    "chapters": env_int("CORPUS_CHAPTERS_MAX_BYTES", 512 * 1024),
}
CORPUS_FETCH_TIMEOUT = env_int("CORPUS_FETCH_TIMEOUT", 15)
CORPUS_FETCH_MAX_REDIRECTS = env_int("CORPUS_FETCH_MAX_REDIRECTS", 5)
CORPUS_FETCH_ALLOW_PRIVATE = env_bool("CORPUS_FETCH_ALLOW_PRIVATE", False)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if env_bool("BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict policy: scripts and styles only from our own static files, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # An episode's page adds its publisher's audio host (corpus.views.episode_detail).
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where the file-based backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend)
# writes each email, for trying sign-up codes locally.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CPD Journal <noreply@localhost>")

LOG_FORMAT = env_str("LOG_FORMAT", "text")  # "json" for structured production logs
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "cpd.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint warns once per glyph no font has: 20,000 such characters in a field
        # would be 100,000 log lines for one PDF.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
