"""Errors that are the user's to fix: the CLI reports them in one line with exit code 2."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in the user's input (file, table, option): reported, never a traceback."""


class TableError(UserError):
    """A rule table that cannot be loaded; the message names file, entry and field."""

    def __init__(self, path: str, problem: str, entry: str | None = None, field: str | None = None):
        where = path
        if entry is not None:
            where += f": entry {entry}"
        if field is not None:
            where += f": field {field!r}"
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.entry = entry
        self.field = field
        self.problem = problem


class RegexTimeoutError(UserError):
    """A rule's regular expression ran past its time limit (catastrophic backtracking)."""
