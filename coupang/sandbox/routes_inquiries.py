"""Customer-service routes: product inquiries (v5 list, v4 reply) and call-center inquiries."""

from datetime import date, datetime, timedelta
from typing import Any

from aiohttp import web

from coupang.sandbox.api import (
    check_vendor_query,
    ok,
    page_size,
    paginate,
    parse_date,
    parse_int,
    read_json_object,
    required,
    state_of,
    vendor_of,
)
from coupang.sandbox.errors import SandboxApiError
from coupang.sandbox.records import KST, CallCenterInquiry, Vendor

API = "/v2/providers/openapi/apis/api"
WINDOW_MESSAGE = (
    "time interval needs to be less than or equal to 7 days, pattern should be yyyy-MM-dd"
)
CANNOT_ANSWER = (
    "The inquiry can't be answer. "
    "It can do only inquiryStatus:progress, partnerTransferStatus:requestAnswer"
)
CLOSED = "상담이 종료된 문의입니다 - 522"
REPLY_BY_INVALID = (
    "The value of replyBy (Responder Seller Portal (WING) ID) is incorrect. "
    "Please enter the correct wing ID or vendorId."
)
ANSWERED_TYPES = ("ALL", "ANSWERED", "NOANSWER")
COUNSELING_STATUSES = ("NONE", "ANSWER", "NO_ANSWER", "TRANSFER")

routes = web.RouteTableDef()


@routes.get(API + "/v5/vendors/{vendorId}/onlineInquiries")
async def list_online_inquiries(request: web.Request) -> web.Response:
    state, vendor = state_of(request), vendor_of(request)
    check_vendor_query(request)
    answered_type = required(request, "answeredType")
    if answered_type not in ANSWERED_TYPES:
        raise SandboxApiError(f"Invalid answeredType : {answered_type}")
    start, end = _inquiry_window(request)
    page = _page_number(request)
    size = page_size(request, "pageSize", default=10, maximum=50)

    matching = [
        inquiry
        for inquiry in state.store.product_inquiries.values()
        if inquiry.vendor_id == vendor.vendor_id
        and not inquiry.deleted
        and start <= _kst_date(inquiry.inquiry_at) <= end
        and (answered_type == "ALL" or inquiry.answered == (answered_type == "ANSWERED"))
    ]
    matching.sort(key=lambda inquiry: inquiry.inquiry_id, reverse=True)
    content, pagination = paginate(matching, page, size)
    now = state.clock.now()
    return ok({"content": [i.to_json(now) for i in content], "pagination": pagination})


@routes.post(API + "/v4/vendors/{vendorId}/onlineInquiries/{inquiryId}/replies")
async def reply_online_inquiry(request: web.Request) -> web.Response:
    state, vendor = state_of(request), vendor_of(request)
    body = await read_json_object(request)
    _check_body_vendor(body, vendor)
    content = body.get("content")
    if not isinstance(content, str) or not content.strip():
        raise SandboxApiError("내용을 입력하세요.")
    if body.get("replyBy") not in vendor.wing_user_ids:
        raise SandboxApiError(REPLY_BY_INVALID)

    inquiry_id = parse_int(request.match_info["inquiryId"], "inquiryId")
    inquiry = state.store.product_inquiries.get(inquiry_id)
    if inquiry is None or inquiry.vendor_id != vendor.vendor_id:
        raise SandboxApiError("Inquiry not found", 404)
    if inquiry.deleted:
        raise SandboxApiError("삭제된 상품문의에는 더 이상 답변할 수 없습니다.")
    if any(comment.content.strip() == content.strip() for comment in inquiry.comments):
        raise SandboxApiError("동일한 답변이 존재합니다.")
    state.answer_product_inquiry(inquiry_id, content)
    return ok(code="200")


@routes.get(API + "/v5/vendors/{vendorId}/callCenterInquiries")
async def list_call_center_inquiries(request: web.Request) -> web.Response:
    state, vendor = state_of(request), vendor_of(request)
    check_vendor_query(request)
    status = required(request, "partnerCounselingStatus")
    if status not in COUNSELING_STATUSES:
        raise SandboxApiError(f"Invalid partnerCounselingStatus : {status}")
    vendor_item_id = request.query.get("vendorItemId")
    # The dates are optional only when vendorItemId is given.
    has_dates = "inquiryStartAt" in request.query or "inquiryEndAt" in request.query
    window = _inquiry_window(request) if has_dates or not vendor_item_id else None
    order_id = request.query.get("orderId")
    page = _page_number(request)
    size = page_size(request, "pageSize", default=10, maximum=30)

    matching = [
        inquiry
        for inquiry in state.store.call_center_inquiries.values()
        if inquiry.vendor_id == vendor.vendor_id
        and (status == "NONE" or inquiry.counseling_status == status)
        and (window is None or window[0] <= _kst_date(inquiry.inquiry_at) <= window[1])
        and (vendor_item_id is None or str(inquiry.vendor_item_id) == vendor_item_id)
        and (order_id is None or str(inquiry.order_id) == order_id)
    ]
    matching.sort(key=lambda inquiry: inquiry.inquiry_id, reverse=True)
    content, pagination = paginate(matching, page, size)
    now = state.clock.now()
    return ok({"content": [i.to_json(now) for i in content], "pagination": pagination})


@routes.get(API + "/v5/vendors/callCenterInquiries/{inquiryId}")
@routes.get(API + "/v4/vendors/callCenterInquiries/{inquiryId}")
async def get_call_center_inquiry(request: web.Request) -> web.Response:
    """Serve the single lookup, which has no vendor id in its path, so the key names the vendor.

    The Korean doc page gives v5 and the English one v4, so both versions are served.
    """
    state, vendor = state_of(request), vendor_of(request)
    raw_id = request.match_info["inquiryId"]
    if not raw_id.isdigit():
        raise SandboxApiError(f"Invalid format inquiryId : {raw_id}")
    inquiry = _call_center_inquiry(request, int(raw_id), vendor)
    return ok(inquiry.to_json(state.clock.now()))


@routes.post(API + "/v4/vendors/{vendorId}/callCenterInquiries/{inquiryId}/replies")
async def reply_call_center_inquiry(request: web.Request) -> web.Response:
    state, vendor = state_of(request), vendor_of(request)
    body = await read_json_object(request)
    _check_body_vendor(body, vendor)
    parent = body.get("parentAnswerId")
    if parent is None or parent == "":
        raise SandboxApiError("The parentAnswerId is required.")
    content = body.get("content")
    if not isinstance(content, str) or not 2 <= len(content) <= 1000:
        raise SandboxApiError("The reply content length should be between 2 ~ 1000")
    reply_by = _wing_user(body.get("replyBy"), vendor)

    inquiry_id = parse_int(request.match_info["inquiryId"], "inquiryId")
    inquiry = _call_center_inquiry(request, inquiry_id, vendor)
    if inquiry.inquiry_status != "progress":
        raise SandboxApiError(CLOSED)
    transfer = inquiry.transfer_reply()
    if transfer is None or not inquiry.needs_answer or str(parent) != str(transfer.answer_id):
        raise SandboxApiError(CANNOT_ANSWER)
    state.answer_call_center_inquiry(inquiry_id, content, reply_by=reply_by)
    return ok(code="200")


@routes.post(API + "/v4/vendors/{vendorId}/callCenterInquiries/{inquiryId}/confirms")
async def confirm_call_center_inquiry(request: web.Request) -> web.Response:
    state, vendor = state_of(request), vendor_of(request)
    body = await read_json_object(request)
    _wing_user(body.get("confirmBy"), vendor)
    inquiry_id = parse_int(request.match_info["inquiryId"], "inquiryId")
    inquiry = _call_center_inquiry(request, inquiry_id, vendor)
    if inquiry.inquiry_status != "progress":
        raise SandboxApiError(CLOSED)
    if inquiry.transfer_reply() is None or inquiry.needs_answer:
        raise SandboxApiError(CANNOT_ANSWER)
    state.confirm_call_center_inquiry(inquiry_id)
    return ok(code="200")


def _inquiry_window(request: web.Request) -> tuple[date, date]:
    """Parse inquiryStartAt and inquiryEndAt, which may be at most 7 days apart."""
    start_text = required(request, "inquiryStartAt")
    end_text = required(request, "inquiryEndAt")
    start = parse_date(start_text, WINDOW_MESSAGE)
    end = parse_date(end_text, WINDOW_MESSAGE)
    # Coupang documents `end - start <= 7 days`, so a start and end 7 days apart pass.
    if end < start or end - start > timedelta(days=7):
        raise SandboxApiError(WINDOW_MESSAGE)
    return start, end


def _page_number(request: web.Request) -> int:
    page = parse_int(request.query.get("pageNum"), "pageNum", default=1)
    if page < 1:
        raise SandboxApiError(f"pageNum should be 1 or more, got {page}")
    return page


def _kst_date(moment: datetime) -> date:
    return moment.astimezone(KST).date()


def _check_body_vendor(body: dict[str, Any], vendor: Vendor) -> None:
    if body.get("vendorId") != vendor.vendor_id:
        raise SandboxApiError("Invalid vendor ID")


def _wing_user(value: object, vendor: Vendor) -> str:
    """Return a valid WING user id of the vendor, else raise Coupang's 520 or 521 error."""
    if not isinstance(value, str) or not value.strip():
        raise SandboxApiError("userId가 올바르지 않습니다 - 520")
    if value not in vendor.wing_user_ids:
        raise SandboxApiError("userId가 올바르지 않습니다 - 521")
    return value


def _call_center_inquiry(
    request: web.Request, inquiry_id: int, vendor: Vendor
) -> CallCenterInquiry:
    inquiry = state_of(request).store.call_center_inquiries.get(inquiry_id)
    if inquiry is None:
        raise SandboxApiError("Inquiry not found", 404)
    if inquiry.vendor_id != vendor.vendor_id:
        raise SandboxApiError("Vendor id should be same with the vendor id in this inquiry", 404)
    return inquiry
