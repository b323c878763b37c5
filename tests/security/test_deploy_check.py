"""`manage.py check --deploy` passes with the production settings, and notices a weakening.

Run in a subprocess: the production settings module reads the environment at import time.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Settings production.py reads from the environment; the test decides each of them.
PRODUCTION_VARIABLES = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "ADMIN_2FA_REQUIRED",
    "WAGTAILADMIN_BASE_URL",
)


def deploy_check(**environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "memorial.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "archive.example.org",
            "WAGTAILADMIN_BASE_URL": "https://archive.example.org",
            **environment,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_production_settings_pass_the_deploy_check():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "warning"),
    [
        ("SECURE_HSTS_SECONDS", "0", "security.W004"),
        ("SECURE_COOKIES", "false", "security.W012"),
        # Left at the development default, canonical links and proxy purges name 127.0.0.1.
        ("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000", "memorial.W001"),
        ("WAGTAILADMIN_BASE_URL", "archive.example.org", "memorial.E001"),
    ],
)
def test_the_deploy_check_fails_when_production_is_weakened(variable, value, warning):
    result = deploy_check(**{variable: value})
    assert result.returncode != 0
    assert warning in result.stderr


def test_a_short_secret_key_fails_the_deploy_check():
    result = deploy_check(SECRET_KEY="too-short")
    assert result.returncode != 0
    assert "security.W009" in result.stderr
