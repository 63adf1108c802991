"""Preparing a reply modal and validating reply text, for product and call-center inquiries."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.privacy import mask_text
from bot.services.actions.current import ItemNotFoundError, read_current_state
from bot.services.actions.service import ActionService
from bot.services.actions.types import ActionKind, ActionResult, Actor, Outcome, new_reference_id
from bot.services.actions.writes import (
    ReplyToCallCenterInquiry,
    ReplyToOnlineInquiry,
    ReplyWrite,
)
from bot.services.templates import (
    CALL_CENTER_MAX_CHARS,
    CALL_CENTER_MIN_CHARS,
    KNOWN_VARIABLES,
    MissingTemplateValueError,
    ReplyLengthError,
    TemplateSettings,
    TemplateValues,
    render_reply,
)
from bot.storage import StoredItem
from bot.storage.tables import ItemKind
from bot.unicode_text import BIDI_CONTROLS, strip_bidi_controls
from coupang.client import normalize_reply_text
from coupang.errors import CoupangApiError, CoupangError

# NOTE: Coupang documents no maximum for product-inquiry replies. 2,000 characters is our
# own limit, below Slack's 3,000-character limit for a plain-text input.
ONLINE_INQUIRY_MAX_CHARS = 2000
ONLINE_INQUIRY_MIN_CHARS = 1

REPLY_LIMITS: dict[ItemKind, tuple[int, int]] = {
    ItemKind.ONLINE_INQUIRY: (ONLINE_INQUIRY_MIN_CHARS, ONLINE_INQUIRY_MAX_CHARS),
    ItemKind.CALL_CENTER_INQUIRY: (CALL_CENTER_MIN_CHARS, CALL_CENTER_MAX_CHARS),
}
REPLY_WRITES: dict[ItemKind, type[ReplyWrite]] = {
    ItemKind.ONLINE_INQUIRY: ReplyToOnlineInquiry,
    ItemKind.CALL_CENTER_INQUIRY: ReplyToCallCenterInquiry,
}


class ReplyProblem(StrEnum):
    """Problem found in reply text before any Coupang call."""

    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    PLACEHOLDER = "placeholder"
    CONTROL_CHARACTERS = "control_characters"


# Characters that render as blank but are neither whitespace nor format characters: the
# Hangul fillers and the blank Braille pattern.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# The number of offending characters an error message names.
MAX_NAMED_CHARACTERS = 3


# A template variable the bot cannot fill is shown as `[name]` for the agent to replace.
PLACEHOLDER_MARKERS = tuple(f"[{name}]" for name in KNOWN_VARIABLES)


class ReplyTextError(ValueError):
    """Reply text that must not be sent. `characters` names the rejected control characters."""

    def __init__(
        self,
        problem: ReplyProblem,
        *,
        length: int,
        minimum: int,
        maximum: int,
        characters: tuple[str, ...] = (),
    ) -> None:
        super().__init__(f"reply text is {problem.value}: {length} characters")
        self.problem = problem
        self.length = length
        self.minimum = minimum
        self.maximum = maximum
        self.characters = characters

    @property
    def character_names(self) -> str:
        """The rejected characters as code points, for example "U+0000, U+001B"."""
        return ", ".join(f"U+{ord(char):04X}" for char in self.characters)


@dataclass(frozen=True)
class TemplateChoice:
    """A template offered in the picker, already rendered for this item."""

    name: str
    title_ko: str
    title_en: str
    text: str


@dataclass(frozen=True)
class ReplyContext:
    """Data of the reply modal. Only a DONE `result` means the reply can be written."""

    result: ActionResult
    question: str = ""
    product_name: str = ""
    deadline_at: datetime | None = None
    templates: tuple[TemplateChoice, ...] = ()
    min_chars: int = 1
    max_chars: int = ONLINE_INQUIRY_MAX_CHARS


def validate_reply_text(text: str, kind: ItemKind) -> str:
    """Return the text with line breaks as `\\n` and tabs as spaces, or raise ReplyTextError.

    Control characters other than line breaks and tabs, and bidirectional controls, are
    rejected. Text made only of whitespace and invisible characters counts as empty.
    """
    minimum, maximum = REPLY_LIMITS[kind]
    normalized = normalize_reply_text(text or "").replace("\t", " ").strip()
    length = len(normalized)
    rejected = _control_characters(normalized)
    if rejected:
        raise ReplyTextError(
            ReplyProblem.CONTROL_CHARACTERS,
            length=length,
            minimum=minimum,
            maximum=maximum,
            characters=rejected,
        )
    if all(_is_invisible(char) for char in normalized):
        problem = ReplyProblem.EMPTY
    elif length < minimum:
        problem = ReplyProblem.TOO_SHORT
    elif length > maximum:
        problem = ReplyProblem.TOO_LONG
    elif any(marker in normalized for marker in PLACEHOLDER_MARKERS):
        problem = ReplyProblem.PLACEHOLDER
    else:
        return normalized
    raise ReplyTextError(problem, length=length, minimum=minimum, maximum=maximum)


def _control_characters(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for char in text:
        is_control = unicodedata.category(char) == "Cc" and char != "\n"
        if (is_control or char in BIDI_CONTROLS) and char not in found:
            found.append(char)
    return tuple(found[:MAX_NAMED_CHARACTERS])


def _is_invisible(char: str) -> bool:
    # Format characters (category Cf) include zero-width spaces and joiners.
    return char.isspace() or unicodedata.category(char) == "Cf" or char in BLANK_LETTERS


async def prepare_reply(
    service: ActionService,
    actor: Actor,
    item_id: int,
    templates: TemplateSettings | None = None,
) -> ReplyContext:
    """Check that the actor may reply and the inquiry is still open, and fill the modal data."""
    action = ActionKind.OPEN_REPLY
    reference_id = new_reference_id()
    item = await service.load_item(item_id)
    refusal = await service.refuse_unless_allowed(actor, action, item, reference_id)
    if refusal is not None:
        return ReplyContext(refusal)
    if item is None or item.kind not in REPLY_WRITES:
        outcome = Outcome.NOT_FOUND if item is None else Outcome.NOT_APPLICABLE
        return ReplyContext(
            await service.finish_without_write(actor, action, outcome, reference_id, item)
        )
    if service.wing_id_for(item, actor.user_id) is None:
        return ReplyContext(
            await service.finish_without_write(
                actor, action, Outcome.NO_WING_ID, reference_id, item
            )
        )

    try:
        current = await read_current_state(service.clients[item.vendor_id], item)
    except (CoupangError, ItemNotFoundError) as exc:
        kind = exc.kind.value if isinstance(exc, CoupangApiError) else type(exc).__name__
        outcome = (
            Outcome.NOT_FOUND if isinstance(exc, ItemNotFoundError) else Outcome.COUPANG_FAILED
        )
        return ReplyContext(
            await service.finish_without_write(
                actor, action, outcome, reference_id, item, error_kind=kind
            )
        )
    if current.status not in REPLY_WRITES[item.kind].applicable:
        await service.refresh_item(item, current.polled)
        return ReplyContext(
            await service.finish_without_write(
                actor, action, Outcome.ALREADY_HANDLED, reference_id, item
            )
        )

    result = await service.finish_without_write(actor, action, Outcome.DONE, reference_id, item)
    return reply_context_for(
        item,
        result,
        now=service.clock(),
        templates=templates or service.settings.templates,
        deadline_at=current.polled.deadline_at,
    )


def reply_context_for(
    item: StoredItem,
    result: ActionResult,
    *,
    now: datetime,
    templates: TemplateSettings | None = None,
    deadline_at: datetime | None = None,
) -> ReplyContext:
    """Fill the reply modal data from the stored item, without any check or call."""
    minimum, maximum = REPLY_LIMITS[item.kind]
    display = item.display or {}
    # Stored display data is masked at poll time. Masking it again guards the modal, as the
    # outbox does for cards, and bidi controls are removed as there.
    return ReplyContext(
        result=result,
        question=strip_bidi_controls(mask_text(str(display.get("text") or ""))),
        product_name=strip_bidi_controls(mask_text(str(display.get("product_name") or ""))),
        deadline_at=deadline_at or item.deadline_at,
        templates=_render_templates(item, templates or TemplateSettings(), now),
        min_chars=minimum,
        max_chars=maximum,
    )


def _render_templates(
    item: StoredItem, settings: TemplateSettings, now: datetime
) -> tuple[TemplateChoice, ...]:
    display = item.display or {}
    order_id = display.get("order_id")
    values = TemplateValues(
        now=now,
        product=str(display.get("product_name") or "") or None,
        order_id=str(order_id) if order_id else None,
        inquiry_id=str(item.coupang_id),
    )
    choices = []
    for template in settings.templates:
        try:
            rendered = render_reply(template, values, kind=item.kind)
        except MissingTemplateValueError as exc:
            rendered = _render_with_markers(template.body, values, exc.missing)
        except ReplyLengthError:
            continue
        choices.append(
            TemplateChoice(template.name, template.title_ko, template.title_en, rendered)
        )
    return tuple(choices)


def _render_with_markers(body: str, values: TemplateValues, missing: list[str]) -> str:
    mapping = values.as_mapping() | {name: f"[{name}]" for name in missing}
    return normalize_reply_text(body.format_map(mapping))
