from datetime import UTC, date, datetime

import pytest

from memorial.core.dates import (
    Age,
    DatePrecision,
    age_between,
    format_partial_date,
    iso_partial_date,
)

D = DatePrecision


@pytest.mark.parametrize(
    ("precision", "shown", "iso"),
    [
        (D.DAY, "14 May 1931", "1931-05-14"),
        (D.MONTH, "May 1931", "1931-05"),
        (D.YEAR, "1931", "1931"),
        (D.APPROXIMATE, "c. 1931", "1931"),
        (D.UNKNOWN, "unknown", ""),
    ],
)
def test_a_date_shows_no_more_than_its_precision(precision, shown, iso):
    value = date(1931, 5, 14)
    assert format_partial_date(value, precision) == shown
    assert iso_partial_date(value, precision) == iso


def test_a_missing_date_is_unknown_whatever_the_precision():
    assert format_partial_date(None, D.DAY) == "unknown"
    assert iso_partial_date(None, D.YEAR) == ""


@pytest.mark.parametrize(
    ("birth", "birth_precision", "death", "death_precision", "expected"),
    [
        (date(1931, 5, 14), D.DAY, date(1942, 5, 13), D.DAY, Age(10, False)),
        (date(1931, 5, 14), D.DAY, date(1942, 5, 14), D.DAY, Age(11, False)),
        (date(1931, 5, 1), D.MONTH, date(1942, 6, 1), D.MONTH, Age(11, True)),
        (date(1931, 1, 1), D.APPROXIMATE, date(1942, 5, 14), D.DAY, Age(11, True)),
        (date(1931, 1, 1), D.YEAR, date(1942, 1, 1), D.YEAR, Age(11, True)),
        (date(1931, 1, 1), D.UNKNOWN, date(1942, 5, 14), D.DAY, None),
        (None, D.DAY, date(1942, 5, 14), D.DAY, None),
        (date(1950, 1, 1), D.DAY, date(1942, 5, 14), D.DAY, None),
    ],
)
def test_age_at_death_is_exact_only_when_both_days_are_known(
    birth, birth_precision, death, death_precision, expected
):
    assert age_between(birth, birth_precision, death, death_precision) == expected


def test_an_approximate_age_reads_as_about():
    assert str(Age(42, approximate=True)) == "about 42"
    assert str(Age(42, approximate=False)) == "42"


def test_full_date_filter_in_each_language_and_in_the_archive_time_zone(settings):
    from django.utils import translation

    from memorial.core.templatetags.archive_tags import full_date

    settings.TIME_ZONE = "Asia/Baku"  # UTC+4: late evening UTC is already the next day there
    evening = datetime(1942, 5, 13, 22, 30, tzinfo=UTC)
    with translation.override("ru"):
        assert full_date(evening) == "14 мая 1942"
        assert full_date(date(1942, 11, 2)) == "2 ноября 1942"
    with translation.override("en"):
        assert full_date(date(1942, 11, 2)) == "2 November 1942"
    assert full_date(None) == ""
