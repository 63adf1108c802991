"""SandboxState: the sandbox's vendors, items, clock, faults, call log and time-driven changes.

Route handlers read and change the store through this object, and tests and the admin API use
its public methods for what a buyer, a Coupang agent or a WING user would do.
"""

from collections import Counter, deque
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from coupang.sandbox.claims import ExchangeRequest, ReturnRequest
from coupang.sandbox.clock import SandboxClock
from coupang.sandbox.data import PlantedValue, SyntheticData
from coupang.sandbox.factory import ItemFactory, SandboxStore
from coupang.sandbox.faults import FaultPlan
from coupang.sandbox.records import (
    CallCenterInquiry,
    CallCenterReply,
    InquiryComment,
    ProductInquiry,
    Vendor,
)

DEFAULT_VENDOR_ID = "A00012345"
# Coupang closes a call-center transfer with its own notice when the seller leaves it 24 hours.
CALL_CENTER_DEADLINE = timedelta(hours=24)
AUTO_NOTICE = "판매자 답변 기한(24시간)이 지나 쿠팡 고객센터에서 고객님께 안내를 완료했습니다."
# Cap on items created by one tick, so advancing the clock by months stays fast.
MAX_ARRIVALS_PER_TICK = 200
ARRIVAL_KINDS = ("product_inquiry", "call_center_inquiry", "return", "exchange")
# The call log keeps the newest calls only, so a sandbox left running does not grow forever.
MAX_CALL_RECORDS = 10_000

Item = ProductInquiry | CallCenterInquiry | ReturnRequest | ExchangeRequest


@dataclass(frozen=True)
class CallRecord:
    """One call the sandbox received, without its headers or body."""

    at: datetime
    method: str
    path: str
    query: str
    status: int
    vendor_id: str | None
    fault: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "vendorId": self.vendor_id,
            "fault": self.fault,
        }


class SandboxState:
    """All sandbox data, generated deterministically from `seed`.

    `rate_limit_per_second` calls per vendor pass in each second of the sandbox clock and the
    next ones get 429 (None turns the limit off). After a 429 the vendor stays blocked for
    `rate_limit_cooldown`, as Coupang unblocks only minutes after traffic falls.

    Every `arrival_interval` of sandbox time a new item arrives for each vendor, rotating
    through product inquiries, call-center inquiries, returns and exchanges (None turns
    arrivals off). `seed_items=False` starts every vendor without items. `allowed_ips` maps a
    vendor id to the only client addresses its key may call from.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        clock: SandboxClock | None = None,
        vendor_ids: Sequence[str] = (DEFAULT_VENDOR_ID,),
        rate_limit_per_second: int | None = 10,
        rate_limit_cooldown: timedelta = timedelta(0),
        arrival_interval: timedelta | None = timedelta(minutes=30),
        seed_items: bool = True,
        allowed_ips: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        if not vendor_ids:
            raise ValueError("SandboxState needs at least one vendor id")
        self.clock = clock if clock is not None else SandboxClock()
        self.data = SyntheticData(seed)
        self.store = SandboxStore()
        self.factory = ItemFactory(self.data, self.store)
        self.faults = FaultPlan()
        self.calls: deque[CallRecord] = deque(maxlen=MAX_CALL_RECORDS)
        self.rate_limit_per_second = rate_limit_per_second
        self.rate_limit_cooldown = rate_limit_cooldown
        self._blocked_until: dict[str, datetime] = {}
        self.arrival_interval = arrival_interval
        self._calls_per_second: dict[str, Counter[int]] = {}
        self._arrivals = 0
        now = self.clock.now()
        self._next_arrival_at = now + arrival_interval if arrival_interval else None
        ips = allowed_ips or {}
        for vendor_id in vendor_ids:
            allowed = frozenset(ips[vendor_id]) if vendor_id in ips else None
            self.factory.add_vendor(vendor_id, allowed_ips=allowed)
            if seed_items:
                self._seed_items(vendor_id, now)

    @property
    def vendors(self) -> list[Vendor]:
        return list(self.store.vendors.values())

    def vendor(self, vendor_id: str | None = None) -> Vendor:
        """Return a vendor by id, or the first vendor when `vendor_id` is None."""
        if vendor_id is None:
            return self.vendors[0]
        try:
            return self.store.vendors[vendor_id]
        except KeyError:
            raise KeyError(f"no sandbox vendor {vendor_id!r}") from None

    def vendor_by_access_key(self, access_key: str) -> Vendor | None:
        for vendor in self.store.vendors.values():
            if vendor.access_key == access_key:
                return vendor
        return None

    def planted_personal_values(self) -> list[PlantedValue]:
        """Return every synthetic personal value the sandbox has put into its data so far."""
        return self.data.planted

    def tick(self) -> None:
        """Apply what the sandbox clock has made due: new items and call-center deadlines."""
        now = self.clock.now()
        self._deliver_arrivals(now)
        for inquiry in self.store.call_center_inquiries.values():
            transfer = inquiry.transfer_reply()
            if transfer is not None and now - transfer.replied_at >= CALL_CENTER_DEADLINE:
                self._auto_close(inquiry, transfer)

    def advance_clock(self, delta: timedelta) -> datetime:
        """Move the sandbox clock forward, apply what became due and return the new time."""
        now = self.clock.advance(delta)
        self.tick()
        return now

    def add_product_inquiry(
        self, vendor_id: str | None = None, *, answered: bool = False
    ) -> ProductInquiry:
        vendor = self.vendor(vendor_id)
        return self.factory.product_inquiry(vendor.vendor_id, self.clock.now(), answered=answered)

    def add_call_center_inquiry(
        self, vendor_id: str | None = None, *, needs_answer: bool = True
    ) -> CallCenterInquiry:
        """Add a call-center transfer, or a `TRANSFER` (confirm) case with `needs_answer=False`."""
        vendor = self.vendor(vendor_id)
        now = self.clock.now()
        return self.factory.call_center_inquiry(vendor.vendor_id, now, needs_answer=needs_answer)

    def add_return(
        self,
        vendor_id: str | None = None,
        *,
        status: str = "RETURNS_UNCHECKED",
        receipt_type: str = "RETURN",
    ) -> ReturnRequest:
        vendor = self.vendor(vendor_id)
        now = self.clock.now()
        return self.factory.return_request(
            vendor.vendor_id, now, status=status, receipt_type=receipt_type
        )

    def add_exchange(
        self, vendor_id: str | None = None, *, status: str = "RECEIPT"
    ) -> ExchangeRequest:
        vendor = self.vendor(vendor_id)
        return self.factory.exchange_request(vendor.vendor_id, self.clock.now(), status=status)

    def withdraw_return(self, receipt_id: int) -> ReturnRequest:
        """Withdraw a return as the buyer: it leaves returnRequests and joins the withdrawals."""
        receipt = self.store.returns.get(receipt_id)
        if receipt is None or receipt.withdrawn_at is not None:
            raise KeyError(f"no open return receipt {receipt_id}")
        if receipt.receipt_status == "RETURNS_COMPLETED":
            raise ValueError(f"return receipt {receipt_id} is completed and cannot be withdrawn")
        now = self.clock.now()
        receipt.withdrawn_at = now
        receipt.modified_at = now
        return receipt

    def close_call_center_inquiry(self, inquiry_id: int) -> CallCenterInquiry:
        """Close a call-center case as a Coupang agent, after which the API rejects it with 522."""
        inquiry = self._call_center(inquiry_id)
        inquiry.inquiry_status = "complete"
        transfer = inquiry.transfer_reply()
        if transfer is not None:
            transfer.partner_transfer_status = "answered"
            transfer.complete_reason = "DISPUTE_PROCESS"
        return inquiry

    def answer_product_inquiry(self, inquiry_id: int, content: str) -> InquiryComment:
        """Add a seller answer to a product inquiry, as the API or WING does."""
        inquiry = self.store.product_inquiries.get(inquiry_id)
        if inquiry is None:
            raise KeyError(f"no product inquiry {inquiry_id}")
        comment = InquiryComment(self.factory.next_id("comment"), content, self.clock.now())
        inquiry.comments.append(comment)
        return comment

    def answer_call_center_inquiry(
        self, inquiry_id: int, content: str, *, reply_by: str | None = None
    ) -> CallCenterReply:
        """Add a seller reply and mark the agent's transfer answered.

        Through WING this works at any time, unlike the API, which checks the state first.
        """
        inquiry = self._call_center(inquiry_id)
        transfer = inquiry.transfer_reply()
        if transfer is not None:
            transfer.partner_transfer_status = "answered"
            transfer.need_answer = False
        reply = CallCenterReply(
            answer_id=self.factory.next_id("answer"),
            answer_type="vendor",
            content=content,
            replied_at=self.clock.now(),
            receptionist_name=inquiry.vendor_id,
            receptionist=reply_by or self.vendor(inquiry.vendor_id).wing_user_ids[0],
            parent_answer_id=transfer.answer_id if transfer is not None else 0,
        )
        inquiry.replies.append(reply)
        return reply

    def confirm_call_center_inquiry(self, inquiry_id: int) -> CallCenterInquiry:
        inquiry = self._call_center(inquiry_id)
        transfer = inquiry.transfer_reply()
        if transfer is not None:
            transfer.partner_transfer_status = "answered"
            transfer.complete_reason = "DISPUTE_PROCESS_COMPLETE"
        return inquiry

    def admit_call(self, vendor_id: str) -> bool:
        """Count one call for a vendor and return False when the rate limit rejects it."""
        now = self.clock.now()
        second = int(now.timestamp())
        counter = self._calls_per_second.setdefault(vendor_id, Counter())
        counter[second] += 1
        limit = self.rate_limit_per_second
        if limit is None:
            return True
        if counter[second] > limit:
            self._blocked_until[vendor_id] = now + self.rate_limit_cooldown
            return False
        return now >= self._blocked_until.get(vendor_id, now)

    def calls_per_second(self, vendor_id: str) -> dict[int, int]:
        """Return the vendor's call count per sandbox-clock second (Unix seconds as keys)."""
        return dict(sorted(self._calls_per_second.get(vendor_id, Counter()).items()))

    def record_call(self, record: CallRecord) -> None:
        self.calls.append(record)

    def _call_center(self, inquiry_id: int) -> CallCenterInquiry:
        inquiry = self.store.call_center_inquiries.get(inquiry_id)
        if inquiry is None:
            raise KeyError(f"no call-center inquiry {inquiry_id}")
        return inquiry

    def _auto_close(self, inquiry: CallCenterInquiry, transfer: CallCenterReply) -> None:
        transfer.partner_transfer_status = "answered"
        transfer.need_answer = False
        closed_at = transfer.replied_at + CALL_CENTER_DEADLINE
        if not inquiry.needs_answer:
            inquiry.inquiry_status = "complete"
            return
        notice = CallCenterReply(
            answer_id=self.factory.next_id("answer"),
            answer_type="csAgent",
            content=AUTO_NOTICE,
            replied_at=closed_at,
            receptionist_name="쿠팡",
            receptionist="SYSTEM",
            parent_answer_id=transfer.answer_id,
        )
        inquiry.replies.append(notice)

    def _deliver_arrivals(self, now: datetime) -> None:
        if self.arrival_interval is None or self._next_arrival_at is None:
            return
        delivered = 0
        while self._next_arrival_at <= now and delivered < MAX_ARRIVALS_PER_TICK:
            kind = ARRIVAL_KINDS[self._arrivals % len(ARRIVAL_KINDS)]
            for vendor_id in self.store.vendors:
                self._create_arrival(kind, vendor_id, self._next_arrival_at)
            self._arrivals += 1
            delivered += 1
            self._next_arrival_at += self.arrival_interval
        if self._next_arrival_at <= now:
            # Skip the backlog beyond the cap instead of creating it on the next call.
            missed = (now - self._next_arrival_at) // self.arrival_interval + 1
            self._next_arrival_at += self.arrival_interval * missed

    def _create_arrival(self, kind: str, vendor_id: str, at: datetime) -> None:
        factory = self.factory
        if kind == "product_inquiry":
            factory.product_inquiry(vendor_id, at, answered=False)
        elif kind == "call_center_inquiry":
            factory.call_center_inquiry(vendor_id, at, needs_answer=self._arrivals % 8 != 1)
        elif kind == "return":
            factory.return_request(vendor_id, at, status="RETURNS_UNCHECKED")
        else:
            factory.exchange_request(vendor_id, at, status="RECEIPT")

    def _seed_items(self, vendor_id: str, now: datetime) -> None:
        hours = timedelta(hours=1)
        factory = self.factory
        for age, answered in ((1, False), (5, False), (26, False), (50, True), (75, True)):
            factory.product_inquiry(vendor_id, now - age * hours, answered=answered)
        factory.call_center_inquiry(vendor_id, now - 2 * hours, needs_answer=True)
        factory.call_center_inquiry(vendor_id, now - 3 * hours, needs_answer=False)
        answered_case = factory.call_center_inquiry(vendor_id, now - 30 * hours, needs_answer=True)
        self.answer_call_center_inquiry(answered_case.inquiry_id, "확인 후 금일 회수 접수했습니다.")
        for age, status in (
            (1, "RELEASE_STOP_UNCHECKED"),
            (4, "RETURNS_UNCHECKED"),
            (20, "RETURNS_UNCHECKED"),
            (48, "VENDOR_WAREHOUSE_CONFIRM"),
            (72, "RETURNS_COMPLETED"),
        ):
            factory.return_request(vendor_id, now - age * hours, status=status)
        factory.return_request(
            vendor_id, now - 6 * hours, status="RETURNS_COMPLETED", receipt_type="CANCEL"
        )
        withdrawn = factory.return_request(vendor_id, now - 30 * hours, status="RETURNS_UNCHECKED")
        withdrawn.withdrawn_at = now - 10 * hours
        withdrawn.modified_at = withdrawn.withdrawn_at
        for age, status in ((2, "RECEIPT"), (22, "RECEIPT"), (49, "PROGRESS")):
            factory.exchange_request(vendor_id, now - age * hours, status=status)
