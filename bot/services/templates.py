"""Reply templates with named variables, validated at load and rendered as Coupang reply text.

A template body uses `{variable}` placeholders from KNOWN_VARIABLES, and `{{` or `}}` for a
literal brace. The rendered text is what Coupang receives, so nothing is escaped for Slack.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.services.business_time import require_aware
from bot.services.default_templates import DEFAULT_TEMPLATE_FIELDS
from bot.storage.tables import ItemKind

KOREA = ZoneInfo("Asia/Seoul")
DEFAULT_CUSTOMER = "고객"
# Coupang rejects call-center replies outside 2–1000 characters ("The reply content length
# should be between 2 ~ 1000"). Product-inquiry replies have no documented maximum.
CALL_CENTER_MIN_CHARS = 2
CALL_CENTER_MAX_CHARS = 1000

KNOWN_VARIABLES: Mapping[str, str] = {
    "customer": "customer's masked name, such as 김**; 고객 when not given",
    "product": "product name",
    "order_id": "Coupang order id",
    "inquiry_id": "Coupang inquiry id",
    "agent": "name that signs the reply",
    "store": "store name",
    "today": "today's date in Korea, such as 2025년 11월 12일",
    "courier": "courier name",
    "invoice_number": "tracking number of the shipment",
    "expected_date": "expected date as free text, such as 11월 20일",
}


class TemplateNotFoundError(LookupError):
    """Raised when no template has the requested name."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"reply template {name!r} not found; known templates: {', '.join(known)}")
        self.name = name


class MissingTemplateValueError(ValueError):
    """Raised when a template is rendered without a value for one of its variables."""

    def __init__(self, template: str, missing: list[str]) -> None:
        names = ", ".join(f"{{{name}}}" for name in missing)
        super().__init__(f"reply template {template!r} needs a value for {names}")
        self.template = template
        self.missing = missing


class ReplyLengthError(ValueError):
    """Raised when a rendered reply is blank or outside the length Coupang accepts."""


class ReplyTemplate(BaseModel):
    """A named reply template with Korean and English titles for the template picker."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    title_ko: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    body: str = Field(min_length=2)

    @model_validator(mode="after")
    def _check_variables(self) -> ReplyTemplate:
        for variable in _placeholders(self.name, self.body):
            if variable not in KNOWN_VARIABLES:
                raise ValueError(_unknown_variable_message(self.name, variable))
        return self

    @property
    def variables(self) -> frozenset[str]:
        """Variables that the body uses, without braces."""
        return frozenset(_placeholders(self.name, self.body))


def default_templates() -> tuple[ReplyTemplate, ...]:
    """Return the built-in Korean templates: delivery delay, return, exchange, restock and more."""
    return tuple(ReplyTemplate(**fields) for fields in DEFAULT_TEMPLATE_FIELDS)


class TemplateSettings(BaseModel):
    """The reply templates offered to agents, by default the built-in Korean set."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    templates: tuple[ReplyTemplate, ...] = Field(default_factory=default_templates)

    @model_validator(mode="after")
    def _check_unique_names(self) -> TemplateSettings:
        names = [template.name for template in self.templates]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"reply template names must be unique, duplicated: {duplicates}")
        return self

    def get(self, name: str) -> ReplyTemplate:
        for template in self.templates:
            if template.name == name:
                return template
        raise TemplateNotFoundError(name, [template.name for template in self.templates])


@dataclass(frozen=True, slots=True)
class TemplateValues:
    """Values for one rendering. `now` gives {today}, and None leaves a variable unset.

    `customer_masked` must already be masked by the privacy module, because replies and the
    Slack preview of them must never carry a full customer name.
    """

    now: datetime
    customer_masked: str | None = None
    product: str | None = None
    order_id: str | None = None
    inquiry_id: str | None = None
    agent: str | None = None
    store: str | None = None
    courier: str | None = None
    invoice_number: str | None = None
    expected_date: str | None = None

    def __post_init__(self) -> None:
        require_aware("now", self.now)
        # Masked names contain "*" (김**, 홍*동), so a value without one is rejected. The value
        # is not echoed, because an unmasked name must not reach logs or Slack.
        if self.customer_masked is not None and "*" not in self.customer_masked:
            raise ValueError(
                "customer_masked must be a masked name such as 김**; "
                "mask the customer name before rendering a template"
            )

    def as_mapping(self) -> dict[str, str]:
        today = self.now.astimezone(KOREA)
        values = {
            "customer": self.customer_masked or DEFAULT_CUSTOMER,
            "product": self.product,
            "order_id": self.order_id,
            "inquiry_id": self.inquiry_id,
            "agent": self.agent,
            "store": self.store,
            "today": f"{today.year}년 {today.month}월 {today.day}일",
            "courier": self.courier,
            "invoice_number": self.invoice_number,
            "expected_date": self.expected_date,
        }
        return {name: value for name, value in values.items() if value is not None}


def render_reply(
    template: ReplyTemplate, values: TemplateValues, *, kind: ItemKind = ItemKind.ONLINE_INQUIRY
) -> str:
    """Fill in the template and return reply text with `\\n` line breaks.

    Raises MissingTemplateValueError when a variable has no value, and ReplyLengthError when
    the text is blank or, for a call-center reply, outside 2–1000 characters.
    """
    mapping = values.as_mapping()
    missing = sorted(template.variables - mapping.keys())
    if missing:
        raise MissingTemplateValueError(template.name, missing)

    # format_map inserts values as they are, so a "{" inside a value is never expanded again.
    text = template.body.format_map(mapping)
    # Coupang documents only \n and \r as line breaks and may reject U+2028 or U+2029.
    for separator in ("\r\n", "\r", "\u2028", "\u2029"):
        text = text.replace(separator, "\n")

    _check_length(template.name, text, kind)
    return text


def _check_length(template: str, text: str, kind: ItemKind) -> None:
    if not text.strip():
        raise ReplyLengthError(f"reply from template {template!r} is blank")
    if kind is not ItemKind.CALL_CENTER_INQUIRY:
        return
    # NOTE: Coupang's documentation does not say how it counts characters. We count Unicode
    # code points, which equal UTF-16 units for Hangul but not for emoji.
    if not CALL_CENTER_MIN_CHARS <= len(text) <= CALL_CENTER_MAX_CHARS:
        raise ReplyLengthError(
            f"call-center reply from template {template!r} has {len(text)} characters; "
            f"Coupang accepts {CALL_CENTER_MIN_CHARS}–{CALL_CENTER_MAX_CHARS}, "
            "so shorten the template or the values"
        )


def _placeholders(template: str, body: str) -> list[str]:
    try:
        fields = list(string.Formatter().parse(body))
    except ValueError as exc:
        raise ValueError(
            f"reply template {template!r} has an unbalanced brace ({exc}); "
            "write {{ or }} for a literal brace"
        ) from None
    names = []
    for _literal, field, format_spec, conversion in fields:
        if field is None:
            continue
        if not field:
            raise ValueError(
                f"reply template {template!r} has an empty placeholder {{}}; "
                f"name a variable, one of {_known_list()}"
            )
        if format_spec or conversion:
            suffix = (f"!{conversion}" if conversion else "") + (
                f":{format_spec}" if format_spec else ""
            )
            raise ValueError(
                f"reply template {template!r} has {{{field}{suffix}}}; "
                f"write {{{field}}} without a conversion or format spec"
            )
        names.append(field)
    return names


def _unknown_variable_message(template: str, variable: str) -> str:
    message = f"reply template {template!r} uses unknown variable {{{variable}}}"
    close = difflib.get_close_matches(variable, KNOWN_VARIABLES, n=1)
    if close:
        message += f"; did you mean {{{close[0]}}}?"
    return f"{message} Known variables: {_known_list()}"


def _known_list() -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(KNOWN_VARIABLES))
