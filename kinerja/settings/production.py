"""Production settings: HTTPS only, secret key and hosts from the environment.

Use with ``DJANGO_SETTINGS_MODULE=kinerja.settings.production``; ``SECRET_KEY`` must be set.
``manage.py check --deploy`` is clean for these settings (tested in CI).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from kinerja.settings import *  # noqa: F403

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY harus diisi lewat variabel lingkungan untuk produksi.")
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WHITENOISE_AUTOREFRESH = False
