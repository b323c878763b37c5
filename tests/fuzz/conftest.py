"""Hypothesis profiles for the fuzz tests, and the settings every fuzz target shares.

Profiles (choose with HYPOTHESIS_PROFILE=...; "ci" is the default):
- ci: 1,000 examples per target, derandomized, so every CI run tries the same inputs and a
  failure seen once is seen again;
- explore: 1,000 fresh random examples per run, to look further than CI does;
- second-database: 250 examples, derandomized: `make test` runs the suite twice, and the
  PostgreSQL pass repeats each target for what only PostgreSQL refuses (a NUL character, an
  over-long value) without doubling the fuzz time; the SQLite pass runs the full 1,000;
- quick: 100 examples, for checking a change to a fuzz test itself.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

# One database set-up per test, reused by all of its examples; big, slow inputs on purpose.
FUZZ_HEALTH_CHECKS = [
    HealthCheck.function_scoped_fixture,
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
]

settings.register_profile(
    "ci",
    max_examples=1000,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=FUZZ_HEALTH_CHECKS,
    print_blob=True,
)
settings.register_profile(
    "explore", max_examples=1000, deadline=None, suppress_health_check=FUZZ_HEALTH_CHECKS
)
settings.register_profile(
    "second-database",
    max_examples=250,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=FUZZ_HEALTH_CHECKS,
)
settings.register_profile(
    "quick",
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=FUZZ_HEALTH_CHECKS,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def fuzz_settings(settings, tmp_path):
    """Limits high enough that the fuzz reaches the forms instead of a wall of 429s.

    The rate limiting itself is tested in tests/core/test_abuse.py. Files go to a
    throwaway folder.
    """
    settings.RATE_LIMIT_SUBMISSIONS = 10**9
    settings.RATE_LIMIT_CANDLES = 10**9
    settings.AXES_FAILURE_LIMIT = 10**9  # in case django-axes guards the sign-in
    settings.RATE_LIMIT_SIGN_IN_FAILURES = 10**9
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = str(tmp_path / "media")
