"""The Coupang writes behind the item buttons: what each needs, when it applies, how to check it.

Each write names the item statuses in which Coupang accepts it. The runner reads the item
from Coupang first and writes only in one of those statuses. Afterwards it reads the item
again and counts the write as done only when `confirmed` returns true.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from bot.services.actions.current import CurrentState
from bot.services.actions.types import ActionKind
from bot.services.normalize import ItemStatus
from bot.storage import StoredItem
from bot.storage.tables import ItemKind
from coupang.client import CoupangClient
from coupang.models import ExchangeRejectCode


class MissingCoupangValueError(LookupError):
    """The record read from Coupang lacks a value the write must send."""


@dataclass(frozen=True)
class WriteAction(ABC):
    """One Coupang write requested from Slack."""

    kind: ClassVar[ActionKind]
    item_kind: ClassVar[ItemKind]
    applicable: ClassVar[frozenset[ItemStatus]]
    # Whether Coupang records a WING user id (`replyBy`, `confirmBy`) with the write.
    needs_wing_id: ClassVar[bool] = False
    # Whether the write ends the team's work on the item, so the card shows who did it.
    finishes_item: ClassVar[bool] = True
    # Whether a new request may write again after an earlier attempt was done. A reply is
    # repeatable because a call-center inquiry can get a new agent request after an answer;
    # the read before the write still stops a reply to an answered inquiry.
    repeatable: ClassVar[bool] = False

    @property
    def discriminator(self) -> str | None:
        """Extra part of the exactly-once key; replies use the submitted view id."""
        return None

    def note_details(self) -> dict[str, Any]:
        """Values for the thread note, such as the reply text; masked before storage."""
        return {}

    @abstractmethod
    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None: ...

    def confirmed(self, after: CurrentState) -> bool:
        """Return whether the state read back shows the write."""
        return after.status not in self.applicable


@dataclass(frozen=True)
class ReplyWrite(WriteAction):
    """A reply typed in a modal; done once Coupang shows the item answered."""

    needs_wing_id = True
    repeatable = True

    content: str
    view_id: str

    @property
    def discriminator(self) -> str | None:
        return self.view_id

    def note_details(self) -> dict[str, Any]:
        return {"text": self.content}

    def confirmed(self, after: CurrentState) -> bool:
        return after.status is ItemStatus.ANSWERED


@dataclass(frozen=True)
class ReplyToOnlineInquiry(ReplyWrite):
    kind = ActionKind.REPLY_ONLINE_INQUIRY
    item_kind = ItemKind.ONLINE_INQUIRY
    applicable = frozenset({ItemStatus.OPEN})

    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None:
        await client.reply_to_online_inquiry(item.coupang_id, self.content, _require(wing_id))


@dataclass(frozen=True)
class ReplyToCallCenterInquiry(ReplyWrite):
    kind = ActionKind.REPLY_CALL_CENTER
    item_kind = ItemKind.CALL_CENTER_INQUIRY
    applicable = frozenset({ItemStatus.NEEDS_ANSWER})

    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None:
        # The reply must refer to the latest open request of a Coupang agent.
        parent_answer_id = current.record.reply_parent_answer_id
        if parent_answer_id is None:
            raise MissingCoupangValueError(f"call-center inquiry {item.coupang_id} has no request")
        await client.reply_to_call_center_inquiry(
            item.coupang_id, self.content, _require(wing_id), parent_answer_id
        )


@dataclass(frozen=True)
class ConfirmTransfer(WriteAction):
    kind = ActionKind.CONFIRM_TRANSFER
    item_kind = ItemKind.CALL_CENTER_INQUIRY
    applicable = frozenset({ItemStatus.NEEDS_CONFIRM})
    needs_wing_id = True

    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None:
        await client.confirm_call_center_inquiry(item.coupang_id, _require(wing_id))


@dataclass(frozen=True)
class ConfirmReturnReceipt(WriteAction):
    kind = ActionKind.CONFIRM_RETURN_RECEIPT
    item_kind = ItemKind.RETURN_REQUEST
    applicable = frozenset({ItemStatus.REQUESTED})
    finishes_item = False

    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None:
        await client.confirm_return_receipt(item.coupang_id)


@dataclass(frozen=True)
class ApproveReturn(WriteAction):
    kind = ActionKind.APPROVE_RETURN
    item_kind = ItemKind.RETURN_REQUEST
    applicable = frozenset({ItemStatus.RECEIPT_CONFIRMED})

    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None:
        # Coupang requires cancelCount to equal the receipt's cancelCountSum (all units).
        await client.approve_return_request(item.coupang_id, _cancel_count(item, current))

    def confirmed(self, after: CurrentState) -> bool:
        return after.status is ItemStatus.COMPLETED


@dataclass(frozen=True)
class ReportReleaseStopped(WriteAction):
    kind = ActionKind.RELEASE_STOPPED
    item_kind = ItemKind.RETURN_REQUEST
    applicable = frozenset({ItemStatus.RELEASE_STOP_REQUESTED})

    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None:
        await client.stop_return_shipment(item.coupang_id, _cancel_count(item, current))


@dataclass(frozen=True)
class ReportAlreadyShipped(WriteAction):
    kind = ActionKind.RELEASE_ALREADY_SHIPPED
    item_kind = ItemKind.RETURN_REQUEST
    applicable = frozenset({ItemStatus.RELEASE_STOP_REQUESTED})
    # The order becomes a return request that still needs its receipt confirmed.
    finishes_item = False

    delivery_company_code: str
    invoice_number: str

    def note_details(self) -> dict[str, Any]:
        return {"courier": self.delivery_company_code}

    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None:
        await client.mark_return_already_shipped(
            item.coupang_id, self.delivery_company_code, self.invoice_number
        )


@dataclass(frozen=True)
class ConfirmExchangeReceipt(WriteAction):
    kind = ActionKind.CONFIRM_EXCHANGE_RECEIPT
    item_kind = ItemKind.EXCHANGE_REQUEST
    applicable = frozenset({ItemStatus.RECEIVED})
    finishes_item = False

    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None:
        await client.confirm_exchange_receipt(item.coupang_id)


@dataclass(frozen=True)
class RejectExchange(WriteAction):
    kind = ActionKind.REJECT_EXCHANGE
    item_kind = ItemKind.EXCHANGE_REQUEST
    # Coupang accepts a rejection only before the exchange receipt is confirmed.
    applicable = frozenset({ItemStatus.RECEIVED})

    reason: ExchangeRejectCode

    def note_details(self) -> dict[str, Any]:
        return {"reason": self.reason.value}

    async def write(
        self, client: CoupangClient, item: StoredItem, current: CurrentState, wing_id: str | None
    ) -> None:
        await client.reject_exchange_request(item.coupang_id, self.reason)

    def confirmed(self, after: CurrentState) -> bool:
        return after.status is ItemStatus.REJECTED


def _require(wing_id: str | None) -> str:
    if not wing_id:
        raise ValueError("this write needs a WING user id; the runner checks it first")
    return wing_id


def _cancel_count(item: StoredItem, current: CurrentState) -> int:
    count = getattr(current.record, "cancel_count_sum", None)
    if not count:
        raise MissingCoupangValueError(f"return {item.coupang_id} has no cancelCountSum")
    return int(count)
