"""Client methods for product inquiries and call-center inquiries."""

from datetime import date

from coupang.client_base import (
    CALL_CENTER_MAX_PAGE_SIZE,
    CALL_CENTER_REPLY_MAX_CHARS,
    CALL_CENTER_REPLY_MIN_CHARS,
    CS_MAX_PERIOD,
    ONLINE_INQUIRY_MAX_PAGE_SIZE,
    ClientBase,
    Query,
    check_id,
    check_period,
    check_range,
    normalize_reply_text,
    require_text,
)
from coupang.models import (
    AnsweredType,
    CallCenterInquiry,
    CallCenterInquiryPage,
    CounselingStatus,
    OnlineInquiry,
    OnlineInquiryPage,
)


class InquiryCalls(ClientBase):
    """Product-inquiry and call-center calls of `CoupangClient`."""

    async def list_online_inquiries(
        self,
        start: date,
        end: date,
        answered_type: AnsweredType = AnsweredType.NOANSWER,
        *,
        page_num: int = 1,
        page_size: int = ONLINE_INQUIRY_MAX_PAGE_SIZE,
    ) -> OnlineInquiryPage:
        """Fetch one page of product inquiries asked between two Korea dates (<= 7 days)."""
        check_period(start, end, CS_MAX_PERIOD)
        check_range("page_size", page_size, 1, ONLINE_INQUIRY_MAX_PAGE_SIZE)
        check_range("page_num", page_num, 1, None)
        query: Query = [
            ("vendorId", self.vendor_id),
            ("answeredType", AnsweredType(answered_type).value),
            ("inquiryStartAt", start.isoformat()),
            ("inquiryEndAt", end.isoformat()),
            ("pageNum", page_num),
            ("pageSize", page_size),
        ]
        endpoint = self.endpoints.list_online_inquiries
        response = await self._transport.request(endpoint, query=query)
        return self._parse_content_page(
            endpoint, response, OnlineInquiryPage, OnlineInquiry, "inquiryId"
        )

    async def reply_to_online_inquiry(self, inquiry_id: int, content: str, reply_by: str) -> None:
        """Post the seller's answer to a product inquiry; `reply_by` is a WING user id.

        Answers cannot be edited or deleted afterwards, and a repeated answer is rejected
        (`ApiErrorKind.DUPLICATE_ANSWER`), so callers must guard against double submits.
        """
        text = require_text("content", normalize_reply_text(content))
        body = {
            "content": text,
            "vendorId": self.vendor_id,
            "replyBy": require_text("reply_by", reply_by),
        }
        await self._write(
            self.endpoints.reply_online_inquiry,
            path_params={"inquiry_id": check_id("inquiry_id", inquiry_id)},
            body=body,
        )

    # Call-center inquiries

    async def list_call_center_inquiries(
        self,
        start: date,
        end: date,
        counseling_status: CounselingStatus = CounselingStatus.NO_ANSWER,
        *,
        page_num: int = 1,
        page_size: int = CALL_CENTER_MAX_PAGE_SIZE,
        order_id: int | None = None,
    ) -> CallCenterInquiryPage:
        """Fetch one page of call-center inquiries between two Korea dates (<= 7 days).

        `CounselingStatus.NONE` already contains every status, so listing NONE and another
        status returns the same `inquiryId`s twice.
        """
        check_period(start, end, CS_MAX_PERIOD)
        check_range("page_size", page_size, 1, CALL_CENTER_MAX_PAGE_SIZE)
        check_range("page_num", page_num, 1, None)
        query: Query = [
            ("vendorId", self.vendor_id),
            ("partnerCounselingStatus", CounselingStatus(counseling_status).value),
            ("inquiryStartAt", start.isoformat()),
            ("inquiryEndAt", end.isoformat()),
            ("orderId", None if order_id is None else check_id("order_id", order_id)),
            ("pageNum", page_num),
            ("pageSize", page_size),
        ]
        endpoint = self.endpoints.list_call_center_inquiries
        response = await self._transport.request(endpoint, query=query)
        return self._parse_content_page(
            endpoint, response, CallCenterInquiryPage, CallCenterInquiry, "inquiryId"
        )

    async def get_call_center_inquiry(self, inquiry_id: int) -> CallCenterInquiry:
        """Fetch one call-center inquiry. Coupang may block callers that do this too often."""
        endpoint = self.endpoints.get_call_center_inquiry
        response = await self._transport.request(
            endpoint, path_params={"inquiry_id": check_id("inquiry_id", inquiry_id)}
        )
        return self._parse_object(endpoint, response, CallCenterInquiry)

    async def reply_to_call_center_inquiry(
        self, inquiry_id: int, content: str, reply_by: str, parent_answer_id: int
    ) -> None:
        """Answer an agent's request; `parent_answer_id` is that request's `answerId`.

        Coupang accepts 2 to 1000 characters, only while the case is `progress` with an
        open `requestAnswer`, and only within 24 hours of the request.
        """
        text = normalize_reply_text(content)
        if not CALL_CENTER_REPLY_MIN_CHARS <= len(text) <= CALL_CENTER_REPLY_MAX_CHARS:
            raise ValueError(
                f"call-center reply must be {CALL_CENTER_REPLY_MIN_CHARS} to "
                f"{CALL_CENTER_REPLY_MAX_CHARS} characters, got {len(text)}"
            )
        inquiry_id = check_id("inquiry_id", inquiry_id)
        body = {
            "vendorId": self.vendor_id,
            "inquiryId": str(inquiry_id),
            "content": text,
            "replyBy": require_text("reply_by", reply_by),
            "parentAnswerId": check_id("parent_answer_id", parent_answer_id),
        }
        await self._write(
            self.endpoints.reply_call_center_inquiry,
            path_params={"inquiry_id": inquiry_id},
            body=body,
        )

    async def confirm_call_center_inquiry(self, inquiry_id: int, confirm_by: str) -> None:
        """Confirm a `TRANSFER` case that needs no answer; `confirm_by` is a WING user id."""
        await self._write(
            self.endpoints.confirm_call_center_inquiry,
            path_params={"inquiry_id": check_id("inquiry_id", inquiry_id)},
            body={"confirmBy": require_text("confirm_by", confirm_by)},
        )
