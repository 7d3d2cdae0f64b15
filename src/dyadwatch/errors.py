"""The one exception tree of dyadwatch.

Every error the library raises on purpose derives from :class:`DyadwatchError`; the CLI maps each
class to an exit code and prints its message, which says what went wrong, where, and what to do::

    DyadwatchError
    ├── InputError (ValueError)            exit 2: the user gave us something we cannot use
    │   ├── UnknownCodeError (KeyError)    an unknown country/indicator/realm code, with suggestions
    │   ├── ValidationError                a curated file or a record broke a rule (file, line, field)
    │   │   └── ValidationErrors           several such problems, all reported
    │   ├── FormatError                    a data file is not in the format it claims (file, line)
    │   └── TooLargeError                  an input beyond a documented size limit
    ├── StoreError                         exit 3: the store could not be opened, migrated or written
    │   └── SchemaVersionError             the store was written by a newer dyadwatch
    ├── SourceError                        exit 4: a remote source failed (HTTP, checksum, empty result)
    │   ├── FetchError                     network/HTTP failure after retries (never carries secrets)
    │   ├── ChecksumError                  a downloaded file does not match its published checksum
    │   └── EmptyResultError               the source answered, but with no data for the request
    └── ModelError                         exit 5: a model card / rule file is wrong or inapplicable
        └── ModelFileError                 a model file broke a rule (file, line, field)
            └── ModelFileErrors            several such problems, all reported

Exceptions carry their data as attributes so callers need not parse messages.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable


class DyadwatchError(Exception):
    """Root of every error dyadwatch raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:  # message first, then what to do
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(ValueError, DyadwatchError):
    """Input the user supplied cannot be used as given."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None):
        DyadwatchError.__init__(self, message, hint=hint)


class UnknownCodeError(KeyError, InputError):
    """A code (country, realm, indicator, target …) that is not known, with the nearest matches."""

    def __init__(self, kind: str, code: str, candidates: Iterable[str] = (), *, hint: str | None = None):
        self.kind = kind
        self.code = code
        self.suggestions = difflib.get_close_matches(str(code).upper(), [c.upper() for c in candidates], n=3, cutoff=0.5)
        msg = f"unknown {kind} {code!r}"
        if self.suggestions:
            msg += ": did you mean " + " or ".join(self.suggestions) + "?"
        InputError.__init__(self, msg, hint=hint)

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return DyadwatchError.__str__(self)


def _located(reason: str, file: str | None, line: int | None, field: str | None) -> str:
    """'file:line: field 'x': reason', leaving out what is unknown."""
    where = f"{file}{f':{line}' if line is not None else ''}: " if file else ""
    return where + (f"field {field!r}: " if field else "") + reason


class _Several:
    """Mixin for an error that reports several located problems at once, the first one's fields kept."""

    def _collect(self, base: type, problems, hint: str | None) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        files = {p.file for p in self.problems}
        where = f"{first.file}: " if len(files) == 1 and first.file else ""
        lines = "\n".join(f"  {p.message}" for p in self.problems)
        base.__init__(self, f"{where}{len(self.problems)} problems:\n{lines}", hint=hint)
        self.reason, self.file, self.line, self.field = first.reason, first.file, first.line, first.field


class ValidationError(InputError):
    """A record or curated file broke a rule. Carries file, line and field when known."""

    def __init__(self, reason: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None, hint: str | None = None):
        self.reason, self.file, self.line, self.field = reason, file, line, field
        super().__init__(_located(reason, file, line, field), hint=hint)


class ValidationErrors(_Several, ValidationError):
    """Several problems in one file (or one load): all are reported, each with its file, line and field."""

    def __init__(self, problems, *, hint: str | None = None):
        self._collect(InputError, problems, hint)


class FormatError(ValidationError):
    """A data file is not in the format it claims to be."""


class TooLargeError(InputError):
    """An input beyond a documented size limit."""


class StoreError(DyadwatchError):
    """The store could not be opened, migrated or written; nothing was changed."""

    exit_code = 3


class SchemaVersionError(StoreError):
    """The store was written by a newer dyadwatch than this one."""


class SourceError(DyadwatchError):
    """A remote or bulk data source failed."""

    exit_code = 4


class FetchError(SourceError):
    """A network or HTTP failure after retries. Never carries credentials."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None,
                 hint: str | None = None):
        self.url = url
        self.status = status
        super().__init__(message, hint=hint)


class ChecksumError(SourceError):
    """A downloaded file does not match its published checksum."""


class EmptyResultError(SourceError):
    """The source answered, but with no data for the request."""


class ModelError(DyadwatchError):
    """A model card or rule file is wrong, or cannot be applied to the request."""

    exit_code = 5


class ModelFileError(ModelError):
    """A model file (warning card, calibration model, scenario) broke a rule: carries file, line and field."""

    def __init__(self, reason: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None, hint: str | None = None):
        self.reason, self.file, self.line, self.field = reason, file, line, field
        super().__init__(_located(reason, file, line, field), hint=hint)


class ModelFileErrors(_Several, ModelFileError):
    """Several problems in one model file: all are reported, each with its file, line and field."""

    def __init__(self, problems, *, hint: str | None = None):
        self._collect(ModelError, problems, hint)


def read_input(path, what: str = "file", error: type[DyadwatchError] = InputError) -> bytes:
    """The bytes of a file the user named; a missing or unreadable file becomes `error` (an InputError
    unless the caller says otherwise) naming the path and what it was meant to be."""
    from pathlib import Path

    name = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise error(f"{name}: no such file", hint=f"check the path to the {what}") from None
    except OSError as exc:
        raise error(f"{name}: cannot read the {what}: {exc.strerror or exc}") from None
