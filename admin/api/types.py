"""Field types shared by the API's request models: bounded, NUL-free, strict.

Request bodies are parsed strictly (JSON types as written, unknown fields refused);
query strings arrive as text, so their numbers and booleans have their own strict
parsers rather than pydantic's lenient ones ("1.0", "yes").
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic import StringConstraints as Str

NO_NUL = r"^[^\x00]*$"
MAX_ID = 2**31 - 1


# Strings without NUL characters (PostgreSQL refuses them), bounded to their column.
Name = Annotated[str, Str(min_length=1, max_length=100, pattern=NO_NUL)]
OptionalName = Annotated[str, Str(max_length=100, pattern=NO_NUL)]
Key = Annotated[str, Str(max_length=200, pattern=NO_NUL)]
Secret = Annotated[str, Str(min_length=1, max_length=1000, pattern=NO_NUL)]
Reason = Annotated[str, Str(max_length=500, pattern=NO_NUL)]
CommentText = Annotated[str, Str(min_length=1, max_length=5000, pattern=NO_NUL)]


def _query_bool(value: Any) -> Any:
    if isinstance(value, str) and value not in ("true", "false"):
        raise ValueError("expected true or false")
    return value


_DIGITS = re.compile(r"[0-9]{1,10}")


def _query_int(value: Any) -> Any:
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            raise ValueError("expected a whole number")
        return int(value)
    return value


def _utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("instant out of range") from exc


def _whole(value: Any) -> Any:
    # JSON Schema counts 442.0 as an integer; strict pydantic would not.
    return int(value) if isinstance(value, float) and value.is_integer() else value


WHOLE = BeforeValidator(_whole)
QUERY_INT = BeforeValidator(_query_int)
QueryBool = Annotated[bool, BeforeValidator(_query_bool)]
Instant = Annotated[AwareDatetime, AfterValidator(_utc)]


class RequestBody(BaseModel):
    """Base of JSON request bodies: strict types, unknown fields refused."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class QueryParams(BaseModel):
    """Base of query-string models: unknown parameters refused."""

    model_config = ConfigDict(extra="forbid")


class Resource(BaseModel):
    """Base of response bodies."""


Identifier = Annotated[str, Str(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]


def _finite(value: Any) -> Any:
    """NaN and infinities are not JSON: refuse them anywhere in case data."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("numbers must be finite")
    if isinstance(value, dict):
        for item in value.values():
            _finite(item)
    elif isinstance(value, list):
        for item in value:
            _finite(item)
    return value


CaseData = Annotated[
    dict[Identifier, Any],
    AfterValidator(_finite),
    Field(
        description="process variables: names are identifiers, values any JSON",
        json_schema_extra={"additionalProperties": False},
    ),
]
