"""Regex pieces shared by the rule kinds and the calendar mentions."""

from __future__ import annotations

# Name boundaries: a name neither starts nor ends inside a word or a hyphenated compound.
NAME_LEFT = r"(?<![\w\-])"
NAME_RIGHT = r"(?![\w\-])"

__all__ = ["NAME_LEFT", "NAME_RIGHT"]
