"""Default settings: local use and the demo (SQLite under the user's data directory).

Everything that differs between machines comes from the environment:
``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DEBUG``, ``KINERJA_DATA_DIR``, and where
uploaded evidence goes (``KINERJA_STORAGE``, ``KINERJA_MEDIA_ROOT``, ``AWS_*``; docs/deployment.md).
Production deployments use ``kinerja.settings.production``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from platformdirs import user_data_dir

from kinerja.interchange.parse import max_import_bytes

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def data_dir() -> Path:
    """Where the embedded SQLite database and uploaded files live by default."""
    path = Path(os.environ.get("KINERJA_DATA_DIR") or user_data_dir("kinerja", appauthor=False))
    (path / "static").mkdir(parents=True, exist_ok=True)
    return path


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    # Local use: keep one random key per data directory so sessions survive restarts.
    key_file = data_dir() / "secret_key"
    try:
        if key_file.exists():
            return key_file.read_text().strip()
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key = get_random_secret_key()
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key
    except OSError:
        return get_random_secret_key()


def default_database_url() -> str:
    return "sqlite:///" + str(data_dir() / "kinerja.sqlite3")


# The environment variable -> django-storages' S3Storage option it sets (when set).
_S3_OPTIONS = {
    "AWS_S3_ENDPOINT_URL": "endpoint_url",  # MinIO, Ceph, a cloud's S3 API; empty: AWS itself
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_ACCESS_KEY_ID": "access_key",  # empty: boto3 finds credentials itself (instance role)
    "AWS_SECRET_ACCESS_KEY": "secret_key",
}


def evidence_storage(env: Mapping[str, str]) -> dict[str, Any]:
    """The storage of uploaded evidence (``STORAGES["default"]``), chosen by ``KINERJA_STORAGE``:
    ``filesystem`` (default: under ``MEDIA_ROOT``) or ``s3`` (S3-compatible object storage
    through django-storages, ``pip install 'kinerja[s3]'``; the bucket stays private: files are
    served only through the view that checks access, never by the bucket's URL)."""
    kind = (env.get("KINERJA_STORAGE") or "filesystem").strip().lower()
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"KINERJA_STORAGE tidak dikenal: {kind!r} (pilihan: filesystem, s3).")
    bucket = (env.get("AWS_STORAGE_BUCKET_NAME") or "").strip()
    if not bucket:
        raise ImproperlyConfigured("KINERJA_STORAGE=s3 memerlukan AWS_STORAGE_BUCKET_NAME.")
    options: dict[str, Any] = {"bucket_name": bucket, "file_overwrite": False, "querystring_auth": True}
    for name, option in _S3_OPTIONS.items():
        value = (env.get(name) or "").strip()
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()
]

INSTALLED_APPS = [
    "kinerja.adminsite.KinerjaAdminConfig",  # Django admin, superusers only
    # before django.contrib.auth: its createsuperuser refuses names differing only in case
    "kinerja.users",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "kinerja.organizations",
    "kinerja.planning",
    "kinerja.agreements",
    "kinerja.measurement",
    "kinerja.budget",
    "kinerja.evaluation",
    "kinerja.calendar",
    "kinerja.notifications",
    "kinerja.tasks",
    "kinerja.narratives",
    "kinerja.results",
    "kinerja.history",
    "kinerja.reports",
    "kinerja.lint",
    "kinerja.spreadsheets",
    "kinerja.web",
    "kinerja.api",
    "ninja",  # django-ninja: its static files (Swagger UI) are served locally, no CDN
    "axes",  # sign-in throttling (kinerja/users/throttle.py)
    "django_otp",  # two-step sign-in (kinerja/users/twofactor.py)
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy (CONTENT_SECURITY_POLICY below)
    "kinerja.web.guards.RefuseLargeBodyMiddleware",  # larger than KINERJA_MAX_REQUEST_BYTES: 413
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kinerja.web.language.ChosenLanguageMiddleware",  # Indonesian unless the user chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "kinerja.web.guards.RefuseNulMiddleware",  # %00 in a path, query or form field: 400
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kinerja.web.session.IdleRenewalMiddleware",  # a request moves the idle timeout (once a minute)
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a code given this session
    "kinerja.users.twofactor.TwoFactorMiddleware",  # the code, or enrolment, before any page
    "kinerja.history.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the page saying until when
]

ROOT_URLCONF = "kinerja.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinerja.web.session.session_settings",
            ],
        },
    },
]

WSGI_APPLICATION = "kinerja.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL") or default_database_url()
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _name = Path(DATABASES["default"]["NAME"])
    if str(_name) != ":memory:":
        _name.parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- sign-in (docs/security.md, "Masuk dan kata sandi") -------------------------------------------
# django-axes refuses a locked-out username+address first; then usernames without regard to letter
# case or character width.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kinerja.users.backends.UsernameBackend",
]
# Failures are counted per username *and* client address together: N failures lock that pair
# for M minutes, even with the right password; a success clears its count.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("KINERJA_SIGNIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("KINERJA_SIGNIN_LOCKOUT_MINUTES") or 15))
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time shown to try again holds
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure kept (Django admin > Axes), not only counts
AXES_USERNAME_CALLABLE = "kinerja.users.throttle.username_key"
AXES_CLIENT_IP_CALLABLE = "kinerja.users.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "kinerja.users.throttle.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Two-step sign-in: the name the authenticator app shows for the account.
OTP_TOTP_ISSUER = os.environ.get("KINERJA_OTP_ISSUER") or "Kinerja"
# "Lupa kata sandi?": the mailed link works once, for this many seconds (default one hour).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("KINERJA_PASSWORD_RESET_TIMEOUT") or 3600)
# Local use and the demo print mail (the reset link) on the console; production sends it by SMTP
# (kinerja/settings/production.py: EMAIL_HOST and friends).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "kinerja@localhost"
# Reverse proxies in front of Kinerja that append the client address to X-Forwarded-For (0: none,
# the client address is REMOTE_ADDR). Set it to exactly the number of proxies you run.
# Reminders and the daily digest (kinerja/notifications, docs/notifications.md): the address the
# links in e-mails start with, whether `kinerja serve`/`demo` run the reminder job beside the web
# app (`off` leaves it to `kinerja worker`), how often it runs, and from which hour the digest goes.
KINERJA_PUBLIC_URL = (os.environ.get("KINERJA_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/")
KINERJA_SCHEDULER = (os.environ.get("KINERJA_SCHEDULER") or "on").lower() not in {"off", "0", "false", "no"}
KINERJA_REMINDER_MINUTES = int(os.environ.get("KINERJA_REMINDER_MINUTES") or 60)
KINERJA_DIGEST_HOUR = int(os.environ.get("KINERJA_DIGEST_HOUR") or 7)

KINERJA_TRUSTED_PROXIES = int(os.environ.get("KINERJA_TRUSTED_PROXIES") or 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = data_dir() / "static"
# Uploaded evidence (bukti dukung): a folder by default, or S3-compatible object storage with
# KINERJA_STORAGE=s3 (docs/deployment.md). Several app servers must share it: one folder that
# every server mounts (KINERJA_MEDIA_ROOT), or a bucket.
MEDIA_ROOT = Path(os.environ.get("KINERJA_MEDIA_ROOT") or data_dir() / "media")
STORAGES = {
    "default": evidence_storage(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"

# Sessions live in the database (Django's default, said here on purpose): no app server keeps
# state of its own, so any of several servers behind a load balancer serves any request
# (docs/deployment.md; tests/deployment/test_two_processes.py).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
# A session ends after this long without a request (kinerja/web/session.py); the page warns
# before and keeps what was typed.
SESSION_COOKIE_AGE = 60 * int(os.environ.get("KINERJA_IDLE_MINUTES") or 30)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from Kinerja itself,
# never inline script; style attributes are allowed (the colour of a band), <style> elements are
# not. Evidence files get a stricter, sandboxed policy of their own (measurement.views).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Largest interchange file accepted (bytes).
KINERJA_MAX_IMPORT_BYTES = max_import_bytes()

# Largest evidence file (bukti dukung) accepted (bytes); files live in the evidence storage
# (MEDIA_ROOT or a bucket, above) and are served only through a view that checks access (no
# public media URL).
KINERJA_MAX_EVIDENCE_BYTES = int(os.environ.get("KINERJA_MAX_EVIDENCE_BYTES") or 10 * 1024 * 1024)

# Requests one API token may make per minute (kinerja/api/tokens.py; counted in the database).
KINERJA_API_RATE_LIMIT = int(os.environ.get("KINERJA_API_RATE_LIMIT") or 600)

# Largest XLSX template upload (bytes).
KINERJA_MAX_XLSX_BYTES = int(os.environ.get("KINERJA_MAX_XLSX_BYTES") or 5 * 1024 * 1024)

# Largest request body: the largest file any page takes, plus room for the form's other fields.
# A larger request is refused from its Content-Length before its body is read
# (kinerja.web.guards); ``kinerja serve`` passes it to waitress, which then refuses it before
# receiving it (a reverse proxy in front should say the same: nginx ``client_max_body_size``).
KINERJA_MAX_REQUEST_BYTES = (
    max(KINERJA_MAX_IMPORT_BYTES, KINERJA_MAX_EVIDENCE_BYTES, KINERJA_MAX_XLSX_BYTES) + 1024 * 1024
)
