"""Checks of Coupang's response envelope and parsing of `data` into models.

A response counts as a success only if its HTTP status is 2xx, its body is a JSON object
whose `code` is 200, "200" or "SUCCESS", and its `data` has the shape the endpoint documents.
Anything else raises from the `coupang.errors` tree, so an error body is never read as an
empty result.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coupang.errors import (
    CoupangApiError,
    CoupangAuthError,
    CoupangError,
    CoupangResponseError,
    InvalidSignatureError,
    SignatureExpiredError,
)

ModelT = TypeVar("ModelT", bound=BaseModel)

SUCCESS_CODES = frozenset({"200", "SUCCESS"})
SIGNATURE_EXPIRED_TEXT = "signature is expired"
INVALID_SIGNATURE_TEXT = "invalid signature"
# Gateway texts for a malformed Authorization header or an unknown access key.
AUTH_FAILURE_TEXTS = ("hmac format is invalid", "request is not authorized")


class DataShape(Enum):
    """The documented type of `data` in a success body."""

    OBJECT = "object"
    LIST = "list"
    ANY = "any"


def decode_json_body(body: bytes, *, operation: str, vendor_id: str | None) -> Any:
    """Decode a response body as UTF-8 JSON, raising CoupangResponseError if it is not."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CoupangResponseError(
            operation, vendor_id=vendor_id, detail="response body is not valid JSON"
        ) from exc


def extract_api_message(payload: object) -> str | None:
    """Return the `message` text of a JSON error body, if it has one."""
    if isinstance(payload, Mapping):
        message = payload.get("message")
        if isinstance(message, str):
            return message
    return None


def normalize_code(code: object) -> str | None:
    """Return the envelope `code` as text (it is a number in some bodies, a string in others)."""
    if code is None or isinstance(code, bool):
        return None
    if isinstance(code, int | str):
        return str(code).strip().upper()
    return None


def check_envelope(
    payload: object, *, operation: str, vendor_id: str | None, status: int
) -> Mapping[str, Any]:
    """Return the envelope of a 2xx response if its `code` reports success.

    Raises CoupangResponseError when the body is not a JSON object or has no `code`, an
    auth error when a 2xx body carries a signature failure, and CoupangApiError otherwise.
    """
    if not isinstance(payload, Mapping):
        raise CoupangResponseError(
            operation, vendor_id=vendor_id, status=status, detail="body is not a JSON object"
        )
    code = normalize_code(payload.get("code"))
    if code is None:
        raise CoupangResponseError(
            operation, vendor_id=vendor_id, status=status, detail="body has no code"
        )
    if code in SUCCESS_CODES:
        return payload
    raise build_error_from_message(
        CoupangApiError,
        operation=operation,
        vendor_id=vendor_id,
        status=status,
        code=code,
        api_message=extract_api_message(payload),
        detail=f"response code {code}",
    )


def build_error_from_message(
    default: type[CoupangError],
    *,
    operation: str,
    vendor_id: str | None,
    status: int,
    code: str | None,
    api_message: str | None,
    detail: str,
) -> CoupangError:
    """Build `default`, or an auth error when Coupang's message names an auth failure."""
    folded = (api_message or "").casefold()
    error_type = default
    if SIGNATURE_EXPIRED_TEXT in folded:
        error_type = SignatureExpiredError
    elif INVALID_SIGNATURE_TEXT in folded:
        error_type = InvalidSignatureError
    elif any(text in folded for text in AUTH_FAILURE_TEXTS):
        error_type = CoupangAuthError
    return error_type(
        operation,
        vendor_id=vendor_id,
        status=status,
        code=code,
        api_message=api_message,
        detail=detail,
    )


def extract_data(
    envelope: Mapping[str, Any], shape: DataShape, *, operation: str, vendor_id: str | None
) -> Any:
    """Return `data` from a success envelope after checking it has the expected shape."""
    data = envelope.get("data")
    matches = (
        (shape is DataShape.OBJECT and isinstance(data, Mapping))
        or (shape is DataShape.LIST and isinstance(data, list))
        or shape is DataShape.ANY
    )
    if not matches:
        raise CoupangResponseError(
            operation,
            vendor_id=vendor_id,
            detail=f"expected data to be a JSON {shape.value}, got {type(data).__name__}",
        )
    return data


def parse_model(
    model_type: type[ModelT], value: object, *, operation: str, vendor_id: str | None
) -> ModelT:
    """Validate one JSON value as `model_type`, wrapping any failure in CoupangResponseError.

    The message names the failing field locations only, never the input values. The
    pydantic error is not chained, because its text repeats input values (names, phones)
    and a logged traceback would carry them.
    """
    try:
        return model_type.model_validate(value)
    except ValidationError as exc:
        detail = f"unexpected {model_type.__name__} shape at {_describe_locations(exc)}"
    except (ValueError, TypeError, ArithmeticError, RecursionError) as exc:
        detail = f"unexpected {model_type.__name__} value ({type(exc).__name__})"
    raise CoupangResponseError(operation, vendor_id=vendor_id, detail=detail) from None


def parse_model_list(
    model_type: type[ModelT], value: object, *, operation: str, vendor_id: str | None
) -> list[ModelT]:
    """Validate a JSON array of `model_type` items, wrapping failures in CoupangResponseError."""
    if not isinstance(value, list):
        raise CoupangResponseError(
            operation,
            vendor_id=vendor_id,
            detail=f"expected a list of {model_type.__name__}, got {type(value).__name__}",
        )
    return [
        parse_model(model_type, item, operation=operation, vendor_id=vendor_id) for item in value
    ]


@dataclass(frozen=True)
class SkippedRecord:
    """A list record that failed validation and was left out of its page.

    `record_id` is the record's id when it is an integer (None otherwise), and `detail`
    names the failing field locations only, never the input values.
    """

    record_id: int | None
    detail: str


def parse_records(
    model_type: type[ModelT],
    value: object,
    *,
    id_field: str,
    operation: str,
    vendor_id: str | None,
) -> tuple[list[ModelT], list[SkippedRecord]]:
    """Validate a JSON array record by record, returning the valid records and the skipped ones.

    One malformed record must not hide the valid records beside it, so each failure becomes
    a `SkippedRecord`. A `value` that is not an array still raises CoupangResponseError.
    """
    if not isinstance(value, list):
        raise CoupangResponseError(
            operation,
            vendor_id=vendor_id,
            detail=f"expected a list of {model_type.__name__}, got {type(value).__name__}",
        )
    records: list[ModelT] = []
    skipped: list[SkippedRecord] = []
    for item in value:
        try:
            records.append(parse_model(model_type, item, operation=operation, vendor_id=vendor_id))
        except CoupangResponseError as exc:
            skipped.append(SkippedRecord(_record_id(item, id_field), exc.detail))
    return records, skipped


def _record_id(item: object, id_field: str) -> int | None:
    if not isinstance(item, Mapping):
        return None
    value = item.get(id_field)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _describe_locations(exc: ValidationError) -> str:
    locations = [".".join(str(part) for part in error["loc"]) or "<root>" for error in exc.errors()]
    listed = ", ".join(locations[:3])
    more = f" and {len(locations) - 3} more" if len(locations) > 3 else ""
    return f"{listed}{more}"
