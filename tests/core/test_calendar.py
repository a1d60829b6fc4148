"""Working days with the bank holidays of England and Wales (Banking and
Financial Dealings Act 1971, Schedule 1, and Royal Proclamations)."""

from datetime import date

from nas.core.calendar import add_months, add_working_days, bank_holidays, is_working_day


def test_the_2026_bank_holidays_in_wales():
    assert sorted(bank_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    ]


def test_one_off_holidays_by_proclamation():
    assert date(2022, 9, 19) in bank_holidays(2022)
    assert date(2023, 5, 8) in bank_holidays(2023)
    assert date(2022, 5, 30) not in bank_holidays(2022)  # spring holiday moved to 2 June


def test_christmas_on_a_saturday_moves_both_days():
    assert {date(2021, 12, 27), date(2021, 12, 28)} <= bank_holidays(2021)


def test_working_days_skip_weekends_and_bank_holidays():
    # Thursday 2 April 2026 + 2 working days: Good Friday and Easter Monday are skipped.
    assert add_working_days(date(2026, 4, 2), 2) == date(2026, 4, 8)
    assert not is_working_day(date(2026, 12, 28))
    assert add_working_days(date(2026, 11, 20), 5) == date(2026, 11, 27)


def test_a_month_later_keeps_the_day_or_takes_the_last():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 22), 6) == date(2027, 5, 22)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
