"""verbatim's exceptions: one class per vb_status, keyed on its pinned value.

The C wrapper calls :func:`from_status` when a call fails, so every error a
verbatim function raises is an :class:`Error` carrying the status code and the
position the library reported (record index, field path, byte offset).
"""
from __future__ import annotations

from typing import Optional

_NO_RECORD = -1
_NO_OFFSET = 2**64 - 1


class Error(Exception):
    """A verbatim call failed.

    Attributes:
        code: the vb_status value (pinned; see include/verbatim/error.h).
        message: the library's sentence for people.
        record: index of the record in its stream (0-based), or None.
        field: field path inside the record (``"text"``, ``"meta.url"``), or None.
        offset: byte offset of the fault (in the stream, or in the text for
            UTF-8 faults), or None.
    """

    code: int = 0

    def __init__(self, message: str, *, code: Optional[int] = None, record: Optional[int] = None,
                 field: Optional[str] = None, offset: Optional[int] = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.record = record
        self.field = field
        self.offset = offset

    def __str__(self) -> str:
        where = []
        if self.record is not None:
            where.append(f"record {self.record}")
        if self.field is not None:
            where.append(f'field "{self.field}"')
        if self.offset is not None:
            where.append(f"byte {self.offset}")
        return f"{self.message} ({', '.join(where)})" if where else self.message

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.code, self.record, self.field, self.offset))


def _rebuild(cls, message, code, record, field, offset):
    return cls(message, code=code, record=record, field=field, offset=offset)


class NoMemoryError(Error, MemoryError):
    """An allocation failed (VB_ERR_NOMEM)."""
    code = 10


class ArgumentError(Error, ValueError):
    """A bad argument: missing data, a document without id, unknown flags (VB_ERR_ARG)."""
    code = 11


class DecodeError(Error, ValueError):
    """Input bytes could not be decoded; see the subclasses for why."""


class Utf8Error(DecodeError):
    """Text is not valid UTF-8 (VB_ERR_UTF8); ``offset`` is the first bad byte."""
    code = 12


class CborError(DecodeError):
    """Bytes are not well-formed CBOR (VB_ERR_CBOR); the stream cannot go on."""
    code = 13


class TruncatedError(DecodeError):
    """Input ends inside an item (VB_ERR_TRUNCATED)."""
    code = 14


class SchemaError(DecodeError):
    """Well-formed CBOR, but not the record expected (VB_ERR_SCHEMA); reading may go on."""
    code = 15


class LimitError(Error):
    """A configured limit (size, depth, count) was exceeded (VB_ERR_LIMIT)."""
    code = 16


class InputOutputError(Error, OSError):
    """Reading or writing a file failed (VB_ERR_IO)."""
    code = 17


class VersionError(Error):
    """Data written by an incompatible format version (VB_ERR_VERSION)."""
    code = 18


class StateError(Error):
    """The call is not valid in the handle's current state (VB_ERR_STATE)."""
    code = 19


BY_CODE = {cls.code: cls for cls in (NoMemoryError, ArgumentError, Utf8Error, CborError, TruncatedError,
                                     SchemaError, LimitError, InputOutputError, VersionError, StateError)}


def from_status(code: int, message: str, record: int, field: str, offset: int) -> Error:
    """Build the exception for a failed call from the fields of its vb_error
    (C's "none" markers become None). Called by the C wrapper."""
    cls = BY_CODE.get(code, Error)
    return cls(message, code=code, record=None if record == _NO_RECORD else record,
               field=field or None, offset=None if offset == _NO_OFFSET else offset)
