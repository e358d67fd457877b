"""The production settings as a deployment runs them: a server error leaves its traceback on
standard error and, with ``ADMINS`` set, reaches the admins by mail; ``ADMINS`` is read from the
environment. Each check runs in a fresh interpreter with ``kinerja.settings.production``, so the
logging configuration under test is the real one, not the test suite's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Django set up with the production settings, one request to a failing view over HTTPS.
REQUEST_A_FAILING_VIEW = """
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="tests.settings.boom_urls"):
    response = Client(raise_request_exception=False).get(
        "/boom/", secure=True, headers={"host": "kinerja.example.go.id"}
    )
print("STATUS", response.status_code)
"""


def run_production(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ADMINS", "LOG_LEVEL"}}
    clean.update(
        DJANGO_SETTINGS_MODULE="kinerja.settings.production",
        SECRET_KEY="uji-" + "x" * 60,
        ALLOWED_HOSTS="kinerja.example.go.id",
        KINERJA_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(REPO),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean, cwd=REPO, timeout=120
    )


def test_a_server_error_leaves_its_traceback_on_stderr(tmp_path: Path) -> None:
    proc = run_production(REQUEST_A_FAILING_VIEW, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "STATUS 500" in proc.stdout
    log = proc.stderr
    assert "ERROR django.request" in log and "/boom/" in log, log
    assert "Traceback (most recent call last)" in log, log
    assert 'tests/settings/boom_urls.py", line' in log and "in boom" in log, log
    assert "RuntimeError: bom-uji-produksi" in log, log


def test_with_admins_set_the_error_is_mailed_to_them(tmp_path: Path) -> None:
    proc = run_production(
        REQUEST_A_FAILING_VIEW,
        tmp_path,
        ADMINS="Tim Operasi <ops@kinerja.example.go.id>, it@kinerja.example.go.id",
        SERVER_EMAIL="kinerja@kinerja.example.go.id",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",  # the mail on stdout
    )
    assert proc.returncode == 0, proc.stderr
    mail = proc.stdout
    assert "To: ops@kinerja.example.go.id, it@kinerja.example.go.id" in mail, mail
    assert "From: kinerja@kinerja.example.go.id" in mail
    assert "RuntimeError at /boom/" in mail and "bom-uji-produksi" in mail
    assert "Traceback (most recent call last)" in mail and "in boom" in mail
    assert "Traceback (most recent call last)" in proc.stderr  # and still logged


def test_without_admins_nothing_is_mailed(tmp_path: Path) -> None:
    proc = run_production(
        REQUEST_A_FAILING_VIEW, tmp_path, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    )
    assert proc.returncode == 0, proc.stderr
    assert "Subject:" not in proc.stdout


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", []),
        ("ops@x.go.id", [("", "ops@x.go.id")]),
        ("Tim Operasi <ops@x.go.id>, b@x.go.id", [("Tim Operasi", "ops@x.go.id"), ("", "b@x.go.id")]),
    ],
)
def test_admins_are_read_from_the_environment(
    tmp_path: Path, value: str, expected: list[tuple[str, str]]
) -> None:
    proc = run_production(
        "from django.conf import settings; print(repr(settings.ADMINS))", tmp_path, ADMINS=value
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == repr(expected)


def test_a_malformed_admin_address_is_refused(tmp_path: Path) -> None:
    proc = run_production(
        "from django.conf import settings; settings.ADMINS", tmp_path, ADMINS="bukan-alamat"
    )
    assert proc.returncode != 0
    assert "ADMINS" in proc.stderr and "bukan-alamat" in proc.stderr
