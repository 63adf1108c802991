"""Slack `action_id`, `callback_id` and `block_id` values shared by the card builders and listeners.

Interaction payloads come back through Slack clients, so these ids carry only constants and
opaque row ids, never customer data.
"""

# Buttons on item cards. Each button's `value` is the item's row id as a decimal string.
ACTION_REPLY = "item_reply"
ACTION_CLAIM = "item_claim"
ACTION_RELEASE_CLAIM = "item_release_claim"
ACTION_SHOW_CUSTOMER = "item_show_customer"
ACTION_CONFIRM_TRANSFER = "call_center_confirm"
ACTION_CONFIRM_RETURN_RECEIPT = "return_confirm_receipt"
ACTION_APPROVE_RETURN = "return_approve"
ACTION_RELEASE_STOPPED = "return_release_stopped"
ACTION_RELEASE_ALREADY_SHIPPED = "return_release_already_shipped"
ACTION_CONFIRM_EXCHANGE_RECEIPT = "exchange_confirm_receipt"
ACTION_REJECT_EXCHANGE = "exchange_reject"

ITEM_ACTION_IDS = (
    ACTION_REPLY,
    ACTION_CLAIM,
    ACTION_RELEASE_CLAIM,
    ACTION_SHOW_CUSTOMER,
    ACTION_CONFIRM_TRANSFER,
    ACTION_CONFIRM_RETURN_RECEIPT,
    ACTION_APPROVE_RETURN,
    ACTION_RELEASE_STOPPED,
    ACTION_RELEASE_ALREADY_SHIPPED,
    ACTION_CONFIRM_EXCHANGE_RECEIPT,
    ACTION_REJECT_EXCHANGE,
)

# Modals the interaction listeners open.
CALLBACK_REPLY_MODAL = "item_reply_modal"
CALLBACK_REJECT_EXCHANGE_MODAL = "exchange_reject_modal"
CALLBACK_CUSTOMER_DETAILS_MODAL = "item_customer_details_modal"
CALLBACK_ALREADY_SHIPPED_MODAL = "return_already_shipped_modal"
CALLBACK_MESSAGE_MODAL = "message_modal"

# The template picker inside the reply modal.
ACTION_REPLY_TEMPLATE = "reply_template_pick"


# Row ids and Coupang ids are signed 64-bit integers in the database.
MAX_ID = 2**63 - 1
MAX_ID_DIGITS = len(str(MAX_ID))


def parse_id(value: str) -> int | None:
    """Return the positive id written in `value`, or None unless it is 1 to 2**63 - 1.

    Only ASCII digits count. `str.isdigit` also accepts superscripts and other scripts'
    digits, some of which `int` rejects, and a longer number overflows the database query.
    """
    if not value or len(value) > MAX_ID_DIGITS or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def item_block_id(item_id: int, part: str) -> str:
    """Return the `block_id` of one part of an item card, for example `item:42:actions`."""
    return f"item:{item_id}:{part}"


def parse_item_block_id(block_id: str) -> tuple[int, str] | None:
    """Return `(item_id, part)` from an item card `block_id`, or None for any other block."""
    prefix, _, rest = block_id.partition(":")
    item_text, _, part = rest.partition(":")
    item_id = parse_id(item_text)
    if prefix != "item" or item_id is None or not part:
        return None
    return item_id, part
