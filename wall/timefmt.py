"""Wall clock formatting in the city's time zone (Asia/Jakarta, UTC+7, no daylight saving)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo


def jakarta() -> tzinfo:
    """Asia/Jakarta (a fixed UTC+7 when the tz database is missing)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Jakarta")
    except Exception:  # no tzdata on this machine: Jakarta has had no DST since 1964
        return timezone(timedelta(hours=7), "WIB")


def local(moment: datetime) -> datetime:
    """``moment`` (aware) in Jakarta time."""
    return moment.astimezone(jakarta())


def hhmmss(moment: datetime) -> str:
    """``HH:MM:SS`` in Jakarta time."""
    return local(moment).strftime("%H:%M:%S")


def minute_of_day(moment: datetime) -> int:
    """Minutes since local midnight in Jakarta."""
    t = local(moment)
    return t.hour * 60 + t.minute
