"""Showing a customer's unmasked details to one user with the `unmask` right.

The values are fetched live from Coupang for each request and returned to the caller only:
nothing is stored or logged. Each view is recorded in the access records.
"""

from dataclasses import dataclass
from typing import Any

from bot.services.actions.current import ItemNotFoundError, read_current_state
from bot.services.actions.service import ActionService
from bot.services.actions.types import ActionKind, ActionResult, Actor, Outcome, new_reference_id
from bot.storage.tables import ItemKind
from coupang.errors import CoupangApiError, CoupangError

# Per item kind: (label key in handlers.texts, attribute path in the Coupang record).
CUSTOMER_FIELDS: dict[ItemKind, tuple[tuple[str, str], ...]] = {
    ItemKind.ONLINE_INQUIRY: (("field.buyer_email", "buyer_email"),),
    ItemKind.CALL_CENTER_INQUIRY: (
        ("field.buyer_phone", "buyer_phone"),
        ("field.buyer_email", "buyer_email"),
    ),
    ItemKind.RETURN_REQUEST: (
        ("field.buyer_name", "requester_name"),
        ("field.buyer_phone", "requester_phone_number"),
        ("field.address", "requester_address"),
        ("field.address_detail", "requester_address_detail"),
    ),
    ItemKind.EXCHANGE_REQUEST: (
        ("field.buyer_name", "address.return_customer_name"),
        ("field.buyer_phone", "address.return_mobile"),
        ("field.address", "address.return_address"),
        ("field.address_detail", "address.return_address_detail"),
        ("field.receiver_name", "address.delivery_customer_name"),
        ("field.receiver_phone", "address.delivery_mobile"),
    ),
}


@dataclass(frozen=True)
class CustomerDetails:
    """Unmasked `(label key, value)` pairs; show them ephemerally and never store them."""

    result: ActionResult
    fields: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return f"CustomerDetails(result={self.result!r}, fields=<{len(self.fields)} hidden>)"


async def show_customer(service: ActionService, actor: Actor, item_id: int) -> CustomerDetails:
    """Fetch the item's customer details from Coupang for an actor with the `unmask` right."""
    action = ActionKind.SHOW_CUSTOMER
    reference_id = new_reference_id()
    item = await service.load_item(item_id)
    refusal = await service.refuse_unless_allowed(actor, action, item, reference_id)
    if refusal is not None:
        return CustomerDetails(refusal)
    if item is None:
        result = await service.finish_without_write(
            actor, action, Outcome.NOT_FOUND, reference_id, None
        )
        return CustomerDetails(result)

    try:
        current = await read_current_state(service.clients[item.vendor_id], item)
    except (CoupangError, ItemNotFoundError) as exc:
        not_found = isinstance(exc, ItemNotFoundError)
        outcome = Outcome.NOT_FOUND if not_found else Outcome.COUPANG_FAILED
        kind = exc.kind.value if isinstance(exc, CoupangApiError) else type(exc).__name__
        result = await service.finish_without_write(
            actor, action, outcome, reference_id, item, error_kind=kind
        )
        return CustomerDetails(result)

    fields = tuple(
        (label, value)
        for label, path in CUSTOMER_FIELDS[item.kind]
        if (value := _value_at(current.record, path))
    )
    result = await service.finish_without_write(actor, action, Outcome.DONE, reference_id, item)
    return CustomerDetails(result, fields)


def _value_at(record: Any, path: str) -> str | None:
    value = record
    for name in path.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    text = str(value).strip()
    return text or None
