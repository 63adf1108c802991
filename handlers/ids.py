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


def item_block_id(item_id: int, part: str) -> str:
    """Return the `block_id` of one part of an item card, for example `item:42:actions`."""
    return f"item:{item_id}:{part}"


def parse_item_block_id(block_id: str) -> tuple[int, str] | None:
    """Return `(item_id, part)` from an item card `block_id`, or None for any other block."""
    prefix, _, rest = block_id.partition(":")
    item_text, _, part = rest.partition(":")
    if prefix != "item" or not item_text.isdigit() or not part:
        return None
    return int(item_text), part
