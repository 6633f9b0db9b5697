"""When a consultation request is due: the clinic's response target in working time.

A working day is one of the clinic's working weekdays that is not a bank holiday of its region,
from `opens_at` to `closes_at` (Clinic settings). A request that arrives out of hours counts
from the next opening. N working days later is the same time of day on the Nth working day
after; a request counted from an opening is due at the close N-1 working days on (the same
working time, and the patient hears sooner): Friday 16:00 before a bank-holiday Monday is due
Tuesday 16:00, Saturday's request Tuesday 18:00.
"""

import datetime
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=16)
def bank_holidays(region, year):
    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year))


def is_working_day(day, clinic):
    return str(day.weekday()) in clinic.working_weekdays and day not in bank_holidays(
        clinic.bank_holidays, day.year
    )


def next_working_day(day, clinic):
    day += datetime.timedelta(days=1)
    # A clinic with no working day at all would loop: settings require at least one.
    while not is_working_day(day, clinic):
        day += datetime.timedelta(days=1)
    return day


def at(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def response_deadline(arrived, clinic):
    """The time by which a request that arrived at `arrived` should have had an answer."""
    local = timezone.localtime(arrived)
    day, time = local.date(), local.time()
    if not is_working_day(day, clinic) or time >= clinic.closes_at:
        day, time = next_working_day(day, clinic), clinic.opens_at
    elif time < clinic.opens_at:
        time = clinic.opens_at

    if time == clinic.opens_at:
        for _ in range(clinic.response_target_days - 1):
            day = next_working_day(day, clinic)
        return at(day, clinic.closes_at)
    for _ in range(clinic.response_target_days):
        day = next_working_day(day, clinic)
    return at(day, time)
