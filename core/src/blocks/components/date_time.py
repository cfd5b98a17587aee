"""``gr.DateTime``: a date, with or without a time of day."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CHANGE, SUBMIT

__all__ = ["DateTime"]

_NOW = re.compile(r"\s*now\s*(?:-\s*(\d+)\s*([smhd]))?\s*")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class DateTime(Component):
    """A date and time typed as ``YYYY-MM-DD HH:MM:SS`` or picked from a calendar.

    Besides a date, the field takes ``now`` or ``now - 15m`` (``s``, ``m``, ``h``
    or ``d``): a time that far before the moment the event runs, as the seeds'
    time plots use it.

    Args:
        value: the date shown first: a ``datetime``, a timestamp (seconds since 1970),
            or a string in the field's format (or ``now - 1d``).
        include_time: take a time of day too (``YYYY-MM-DD HH:MM:SS``); ``False``
            takes a date only (``YYYY-MM-DD``).
        type: what the function receives: ``"timestamp"`` (seconds since 1970, a
            float), ``"datetime"`` (a ``datetime``) or ``"string"`` (the text in the
            field's format).
        timezone: the time zone of the dates, an IANA name such as ``"Europe/Paris"``
            (``None``: the server's own).
    """

    name = "datetime"
    JS_MODULE = "components/date_time.js"
    EVENTS = (CHANGE, SUBMIT)
    TYPES: ClassVar = ("timestamp", "datetime", "string")

    def __init__(self, value=None, *, include_time: bool = True, type: str = "timestamp",
                 timezone: str | None = None, **kwargs):
        if type not in self.TYPES:
            raise ValueError(f"DateTime type must be one of {', '.join(self.TYPES)}, "
                             f"not {type!r}.")
        self.zone = _zone(timezone)
        self.time_format = "%Y-%m-%d %H:%M:%S" if include_time else "%Y-%m-%d"
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def validate(self, value) -> None:
        if value.strip():
            self.parse(value)

    def parse(self, text: str) -> dt.datetime:
        """The moment ``text`` names (in ``timezone`` when one is set)."""
        now = _NOW.fullmatch(text)
        if now:
            amount, unit = now.groups()
            delta = dt.timedelta(**{_UNITS[unit or "s"]: int(amount or 0)})
            return dt.datetime.now(self.zone) - delta
        try:
            moment = dt.datetime.strptime(text.strip(), self.time_format)
        except ValueError:
            shape = "YYYY-MM-DD HH:MM:SS" if self.include_time else "YYYY-MM-DD"
            raise ValueError(f"{text[:40]!r} is not a date: write it as {shape} (or "
                             "'now - 2h').") from None
        return moment.replace(tzinfo=self.zone) if self.zone else moment

    def preprocess(self, payload):
        if payload is None or not payload.strip():
            return None
        if self.type == "string" and "now" not in payload:
            return payload
        moment = self.parse(payload)
        if self.type == "string":
            return moment.strftime(self.time_format)
        if self.type == "datetime":
            return moment
        return moment.timestamp()

    def postprocess(self, value):
        if isinstance(value, dt.datetime):
            if self.zone and value.tzinfo is not None:
                value = value.astimezone(self.zone)
            return value.strftime(self.time_format)
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day).strftime(self.time_format)
        if isinstance(value, str):
            return value
        return dt.datetime.fromtimestamp(float(value), self.zone).strftime(self.time_format)

    def example_value(self):
        return "2020-10-01 05:20:15" if self.include_time else "2020-10-01"

    def api_info(self):
        shape = "YYYY-MM-DD HH:MM:SS" if self.include_time else "YYYY-MM-DD"
        return {"type": {"type": "string"}, "description": f"a date formatted as {shape}"}


def _zone(name: str | None):
    if name is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone {name!r}: give an IANA name such as "
                         "'Europe/Paris' (on Windows, pip install tzdata).") from error
