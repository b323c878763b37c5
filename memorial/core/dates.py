"""Dates as archives know them: sometimes to the day, often only to the year, or not at all.

A date is stored as a `DateField` plus a precision. The stored date for a year-precise
value is 1 January of that year; the precision says how much of it is known, and every
display goes through `format_partial_date` so that nothing claims more than the sources do.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.translation import gettext


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact day"
    MONTH = "month", "Month and year"
    YEAR = "year", "Year only"
    APPROXIMATE = "approximate", "Approximate year (circa)"
    UNKNOWN = "unknown", "Unknown"


PRECISION_HELP = (
    "How much of the date the sources support. For 'Year only' or 'Approximate', enter "
    "1 January of the year; only the year is shown."
)


def format_partial_date(value: date | None, precision: str) -> str:
    """'14 May 1931', 'May 1931', '1931', 'c. 1931' or 'unknown'."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return gettext("unknown")
    if precision == DatePrecision.DAY:
        # The month as it reads after a day number ("14 мая", not "14 май").
        return f"{value.day} {MONTHS_ALT[value.month]} {value.year}"
    if precision == DatePrecision.MONTH:
        return f"{MONTHS[value.month]} {value.year}"
    if precision == DatePrecision.APPROXIMATE:
        return gettext("c. %(year)s") % {"year": value.year}
    return str(value.year)


def iso_partial_date(value: date | None, precision: str) -> str:
    """The machine-readable form for <time datetime>: YYYY-MM-DD, YYYY-MM or YYYY."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.DAY:
        return value.isoformat()
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}"


def precision_disagreement(value: date | None, precision: str) -> str:
    """Why a date and its precision cannot both stand ('' when they agree)."""
    if value is None and precision != DatePrecision.UNKNOWN:
        return "Enter a date, or set the precision to Unknown."
    if value is not None and precision == DatePrecision.UNKNOWN:
        return "Choose how precise this date is: with Unknown it is never shown."
    return ""


_PRECISE_PARTS = {DatePrecision.DAY: 3, DatePrecision.MONTH: 2, DatePrecision.YEAR: 1}


def certainly_before(
    first: date, first_precision: str, second: date, second_precision: str
) -> bool:
    """Whether `first` is earlier than `second` as far as both precisions tell: 1942 is not
    before 14 May 1942, and an approximate year may be either side of any other year."""
    parts = min(_PRECISE_PARTS.get(first_precision, 0), _PRECISE_PARTS.get(second_precision, 0))
    if not parts:
        return False
    return _parts(first)[:parts] < _parts(second)[:parts]


def last_possible_day(value: date, precision: str) -> date:
    """The latest day a partial date can mean: 31 December for a year (or circa year), the
    month's last day for a month; the day itself when it is exact."""
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    if precision in (DatePrecision.YEAR, DatePrecision.APPROXIMATE):
        return value.replace(month=12, day=31)
    return value


def _parts(value: date) -> tuple[int, int, int]:
    return value.year, value.month, value.day


@dataclass(frozen=True)
class Age:
    years: int
    approximate: bool

    def __str__(self) -> str:
        if self.approximate:
            return gettext("about %(years)s") % {"years": self.years}
        return str(self.years)


def age_between(
    birth: date | None, birth_precision: str, death: date | None, death_precision: str
) -> Age | None:
    """Age at death from two partial dates, flagged approximate unless both are exact days."""
    known = {DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.APPROXIMATE}
    if birth is None or death is None or birth_precision not in known:
        return None
    if death_precision not in known or death < birth:
        return None
    exact = birth_precision == death_precision == DatePrecision.DAY
    if exact:
        years = death.year - birth.year - ((death.month, death.day) < (birth.month, birth.day))
        return Age(years, approximate=False)
    if DatePrecision.MONTH in (birth_precision, death_precision) and (
        birth_precision in (DatePrecision.DAY, DatePrecision.MONTH)
        and death_precision in (DatePrecision.DAY, DatePrecision.MONTH)
    ):
        years = death.year - birth.year - (death.month < birth.month)
        return Age(years, approximate=True)
    return Age(death.year - birth.year, approximate=True)


# No one is known to have lived past 122; 130 leaves room for a source's rounding and
# still catches a slip of the keyboard (an age of 500, a birth year a century off).
MAX_AGE = 130


def after_today(value: date | None) -> bool:
    """Whether a date is certainly in the future: a partial date is stored as its first
    day, so "this year" is not."""
    return value is not None and value > timezone.localdate()


def not_after_today(value: date | None) -> None:
    if after_today(value):
        raise ValidationError("This date is after today. Check it against the sources.")


def longer_than_a_life(
    birth: date | None, birth_precision: str, death: date | None, death_precision: str
) -> bool:
    age = age_between(birth, birth_precision, death, death_precision)
    return age is not None and age.years > MAX_AGE
