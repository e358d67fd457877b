"""Production settings: HTTPS only, secret key and hosts from the environment, errors logged.

Use with ``DJANGO_SETTINGS_MODULE=kinerja.settings.production``; ``SECRET_KEY`` must be set.
``manage.py check --deploy`` is clean for these settings (tested in CI).

Logging: every record at ``LOG_LEVEL`` (default ``INFO``) and above goes to standard error, so a
server error (500) leaves its traceback in the process's log (the service manager's journal, the
container log). With ``ADMINS`` set, errors are also mailed to them from ``SERVER_EMAIL``
through the SMTP server named by ``EMAIL_HOST`` and friends.
"""

from __future__ import annotations

import os
from email.utils import getaddresses
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from kinerja.settings import *  # noqa: F403

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY harus diisi lewat variabel lingkungan untuk produksi.")
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind that proxy, set KINERJA_TRUSTED_PROXIES (kinerja/settings/__init__.py) so that sign-in
# throttling counts the client's address, not the proxy's (docs/security.md).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WHITENOISE_AUTOREFRESH = False


# --- who hears about errors ----------------------------------------------------------------------


def admins_from(value: str) -> list[tuple[str, str]]:
    """``ADMINS`` as written in the environment: ``"Nama <a@x.go.id>, b@x.go.id"`` -> Django's
    (name, address) pairs."""
    pairs = [(name.strip(), address.strip()) for name, address in getaddresses([value]) if address.strip()]
    for _name, address in pairs:
        if "@" not in address:
            raise ImproperlyConfigured(f"ADMINS: alamat surel tidak sah: {address!r}")
    return pairs


ADMINS = admins_from(os.environ.get("ADMINS", ""))
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or "kinerja@localhost"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or SERVER_EMAIL
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # noqa: F405
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # noqa: F405
EMAIL_TIMEOUT = 20

LOG_LEVEL = (os.environ.get("LOG_LEVEL") or "INFO").upper()

# Django's own default sends errors to the console only when DEBUG is on, so without this a
# production 500 left no trace unless someone received the admins' mail. Records of every
# logger (django.request's errors with their traceback, waitress, ours) reach the root's
# handler on standard error; the "django" logger adds the mail to the admins when there are any.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} [{process}] {message}", "style": "{"},
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["mail_admins"] if ADMINS else [], "level": LOG_LEVEL, "propagate": True},
    },
}
