"""A calendar table's ``options:``, read and checked once: the policy, the English words
around dates, the year windows, the renderings and the messages. Nothing here has a default
that is a domain string; the table supplies every word."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import regex

from mtfix.calendars.mentions import DateGrammar, group_index
from mtfix.errors import TableError
from mtfix.tables import RuleTable, compile_pattern

CALENDARS = ("solar", "lunar")
POLICIES = ("drop_redundant", "convert", "annotate")
# The fields a message may use: {span} {native} {gregorian} {converted} ...
MESSAGE_FIELDS = ("span", "native", "gregorian", "converted", "uncertain", "others", "weekday",
                  "date", "actual", "gap", "tolerance")
MESSAGE_KEYS = {
    "solar": ("redundant", "conflict", "convert", "weekday", "invalid"),
    "lunar": ("conflict", "weekday"),
}


def _strings(value: Any, path: str, name: str) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v for v in items):
        raise TableError(path, "must be a non-empty string or list of strings",
                         field=f"options.{name}")
    return tuple(items)


def _groups(value: Any, path: str, name: str, count: int) -> tuple[tuple[str, ...], ...]:
    """A list of ``count`` items, each a name or a list of names (the first is canonical)."""
    if not isinstance(value, list) or len(value) != count:
        raise TableError(path, f"must be a list of {count} names or lists of names",
                         field=f"options.{name}")
    return tuple(_strings(v, path, name) for v in value)


def _year_range(value: Any, path: str, name: str) -> tuple[int, int]:
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) for v in value) or value[0] > value[1]):
        raise TableError(path, "must be [first, last], two years", field=f"options.{name}")
    return value[0], value[1]


def _number(options: Mapping[str, Any], path: str, name: str, lo: float, hi: float) -> float:
    value = options.get(name)
    if not isinstance(value, int | float) or not lo <= value <= hi:
        raise TableError(path, f"must be a number from {lo:g} to {hi:g}", field=f"options.{name}")
    return float(value)


def _required(options: Mapping[str, Any], path: str, name: str) -> Any:
    if name not in options:
        raise TableError(path, "is required for a calendar table", field=f"options.{name}")
    return options[name]


@dataclass(frozen=True)
class CalendarSettings:
    calendar: str
    policy: str
    grammar: DateGrammar
    gregorian_months: tuple[tuple[str, ...], ...]
    era_markers: tuple[str, ...]
    lead: regex.Pattern[str]               # words before a date: "on", "since", ...
    ambiguous_not_after: regex.Pattern[str] | None  # used with match() after the date
    years: tuple[int, int]                 # Gregorian years a date without a year may be in
    native_years: tuple[int, int]          # years of this calendar recognised after a date
    gregorian_format: str
    gregorian_format_no_year: str
    uncertain_confidence: float
    tolerance_days: int
    messages: Mapping[str, str]

    @classmethod
    def from_table(cls, table: RuleTable) -> CalendarSettings:
        o, path = table.options, table.path
        calendar = _required(o, path, "calendar")
        if calendar not in CALENDARS:
            raise TableError(path, f"must be one of {', '.join(CALENDARS)}",
                             field="options.calendar")
        policy = o.get("policy", POLICIES[0])
        if policy not in POLICIES:
            raise TableError(path, f"must be one of {', '.join(POLICIES)}",
                             field="options.policy")
        messages = _required(o, path, "messages")
        if not isinstance(messages, Mapping):
            raise TableError(path, "must be a mapping", field="options.messages")
        for key in MESSAGE_KEYS[calendar]:
            if not isinstance(messages.get(key), str):
                raise TableError(path, "needs a string", field=f"options.messages.{key}")
        for key, text in messages.items():
            try:
                str(text).format(**dict.fromkeys(MESSAGE_FIELDS, ""))
            except (KeyError, IndexError, ValueError) as exc:
                raise TableError(path, f"bad message template ({exc!r}); fields: "
                                 f"{', '.join(MESSAGE_FIELDS)}",
                                 field=f"options.messages.{key}") from None
        grammar = DateGrammar(
            weekdays=_groups(_required(o, path, "weekdays"), path, "weekdays", 7),
            ordinals=_strings(_required(o, path, "ordinal_suffixes"), path, "ordinal_suffixes"),
            joiners=_strings(o["day_month_joiners"], path, "day_month_joiners")
            if o.get("day_month_joiners") else (),
            day_words=_groups(o["day_words"], path, "day_words", 31) if o.get("day_words")
            else (),
        )
        leads = _strings(_required(o, path, "lead_words"), path, "lead_words")
        lead_alt = "|".join(regex.escape(w) for w in sorted(leads, key=len, reverse=True))
        not_after = o.get("ambiguous_not_after")
        tolerance = o.get("tolerance_days", 0)
        if not isinstance(tolerance, int) or tolerance < 0:
            raise TableError(path, "must be a whole number of days, 0 or more",
                             field="options.tolerance_days")
        formats = {}
        for name in ("gregorian_format", "gregorian_format_no_year"):
            fmt = _required(o, path, name)
            if not isinstance(fmt, str) or "{day}" not in fmt or "{month}" not in fmt:
                raise TableError(path, "must be a string with {month} and {day}",
                                 field=f"options.{name}")
            formats[name] = fmt
        return cls(
            calendar=calendar, policy=policy, grammar=grammar,
            gregorian_months=_groups(_required(o, path, "gregorian_months"), path,
                                     "gregorian_months", 12),
            era_markers=_strings(o["era_markers"], path, "era_markers")
            if o.get("era_markers") else (),
            lead=compile_pattern(f"(?<![\\w\\-])(?i:{lead_alt})\\s+(?:the\\s+)?\\Z", path,
                                 "options", "lead_words"),
            ambiguous_not_after=compile_pattern(f"(?:{not_after})", path, "options",
                                                "ambiguous_not_after")
            if isinstance(not_after, str) else None,
            years=_year_range(_required(o, path, "years"), path, "years"),
            native_years=_year_range(_required(o, path, "native_years"), path, "native_years"),
            gregorian_format=formats["gregorian_format"],
            gregorian_format_no_year=formats["gregorian_format_no_year"],
            uncertain_confidence=_number(o, path, "uncertain_confidence", 0.0, 1.0)
            if "uncertain_confidence" in o else 0.5,
            tolerance_days=tolerance,
            messages=dict(messages),
        )

    def gregorian_month_index(self, word: str) -> int | None:
        index = group_index(word, self.gregorian_months)
        return None if index is None else index + 1

    def render(self, d: date, with_year: bool) -> str:
        fmt = self.gregorian_format if with_year else self.gregorian_format_no_year
        return fmt.format(month=self.gregorian_months[d.month - 1][0], day=d.day, year=d.year)

    def weekday_name(self, index: int) -> str:
        return self.grammar.weekday_name(index)

    def gregorian_words(self) -> Sequence[str]:
        return [w for names in self.gregorian_months for w in names]
