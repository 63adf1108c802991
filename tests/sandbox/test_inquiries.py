"""Product inquiries and call-center inquiries: lists, replies, confirms and their rules."""

import re
from datetime import timedelta
from typing import Any

from coupang.sandbox.state import AUTO_NOTICE
from tests.sandbox.conftest import API, SandboxClient

VENDOR_ID = "A00012345"
ONLINE = f"{API}/v5/vendors/{VENDOR_ID}/onlineInquiries"
CALL_CENTER = f"{API}/v5/vendors/{VENDOR_ID}/callCenterInquiries"
WINDOW = "inquiryStartAt=2026-11-28&inquiryEndAt=2026-12-04"
WINDOW_MESSAGE = (
    "time interval needs to be less than or equal to 7 days, pattern should be yyyy-MM-dd"
)
CANNOT_ANSWER = (
    "The inquiry can't be answer. "
    "It can do only inquiryStatus:progress, partnerTransferStatus:requestAnswer"
)
CS_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+09:00")


def online_query(answered_type: str = "ALL", extra: str = "") -> str:
    return f"vendorId={VENDOR_ID}&answeredType={answered_type}&{WINDOW}{extra}"


def call_center_query(status: str = "NONE", extra: str = "") -> str:
    return f"vendorId={VENDOR_ID}&partnerCounselingStatus={status}&{WINDOW}{extra}"


def reply_path(inquiry_id: int) -> str:
    return f"{API}/v4/vendors/{VENDOR_ID}/onlineInquiries/{inquiry_id}/replies"


def cc_reply_path(inquiry_id: int) -> str:
    return f"{API}/v4/vendors/{VENDOR_ID}/callCenterInquiries/{inquiry_id}/replies"


def cc_confirm_path(inquiry_id: int) -> str:
    return f"{API}/v4/vendors/{VENDOR_ID}/callCenterInquiries/{inquiry_id}/confirms"


async def list_online(client: SandboxClient, answered_type: str) -> list[dict[str, Any]]:
    reply = await client.call("GET", ONLINE, online_query(answered_type, "&pageSize=50"))
    assert reply.status == 200, reply.text
    content: list[dict[str, Any]] = reply.body["data"]["content"]
    return content


async def list_call_center(client: SandboxClient, status: str) -> list[dict[str, Any]]:
    reply = await client.call("GET", CALL_CENTER, call_center_query(status))
    assert reply.status == 200, reply.text
    content: list[dict[str, Any]] = reply.body["data"]["content"]
    return content


def reply_body(content: str, reply_by: str = "a00012345_cs") -> dict[str, str]:
    return {"vendorId": VENDOR_ID, "content": content, "replyBy": reply_by}


async def test_online_list_filters_by_answered(client: SandboxClient) -> None:
    unanswered = await list_online(client, "NOANSWER")
    answered = await list_online(client, "ANSWERED")
    everything = await list_online(client, "ALL")

    assert len(unanswered) == 3
    assert len(answered) == 2
    assert len(everything) == 5
    assert all(item["commentDtoList"] == [] for item in unanswered)
    assert all(item["commentDtoList"] for item in answered)


async def test_online_list_shape_and_times(client: SandboxClient) -> None:
    item = (await list_online(client, "ANSWERED"))[0]

    expected_keys = {"inquiryId", "productId", "sellerProductId", "sellerItemId", "vendorItemId"}
    assert expected_keys <= set(item)
    assert CS_TIME.fullmatch(item["inquiryAt"])
    assert CS_TIME.fullmatch(item["commentDtoList"][0]["inquiryCommentAt"])
    assert item["commentDtoList"][0]["inquiryId"] == item["inquiryId"]
    # The sandbox clock is past 2026-03-15, when Coupang dropped buyerEmail.
    assert "buyerEmail" not in item


async def test_online_list_pagination(client: SandboxClient) -> None:
    reply = await client.call("GET", ONLINE, online_query("ALL", "&pageNum=2&pageSize=2"))

    pagination = reply.body["data"]["pagination"]
    assert pagination == {"currentPage": 2, "totalPages": 3, "totalElements": 5, "countPerPage": 2}
    assert len(reply.body["data"]["content"]) == 2


async def test_online_list_validation(client: SandboxClient) -> None:
    cases = [
        (
            f"vendorId={VENDOR_ID}&{WINDOW}",
            "Required String parameter 'answeredType' is not present",
        ),
        (online_query("OPEN"), "Invalid answeredType : OPEN"),
        (
            f"vendorId={VENDOR_ID}&answeredType=ALL&inquiryStartAt=2026-11-20&inquiryEndAt=2026-12-04",
            WINDOW_MESSAGE,
        ),
        (
            f"vendorId={VENDOR_ID}&answeredType=ALL&inquiryStartAt=20261201&inquiryEndAt=2026-12-04",
            WINDOW_MESSAGE,
        ),
        (
            f"vendorId={VENDOR_ID}&answeredType=ALL&inquiryStartAt=2026-12-04&inquiryEndAt=2026-12-01",
            WINDOW_MESSAGE,
        ),
        (online_query("ALL", "&pageSize=51"), "pageSize should be between 1 and 50"),
        (f"vendorId=A00000001&answeredType=ALL&{WINDOW}", "Invalid vendor ID"),
        (f"answeredType=ALL&{WINDOW}", "Invalid vendor ID"),
    ]
    for query, message in cases:
        reply = await client.call("GET", ONLINE, query)

        assert reply.status == 400, query
        assert reply.body == {"code": 400, "message": message}, query


async def test_online_list_accepts_seven_days(client: SandboxClient) -> None:
    query = (
        f"vendorId={VENDOR_ID}&answeredType=ALL&inquiryStartAt=2026-11-27&inquiryEndAt=2026-12-04"
    )

    reply = await client.call("GET", ONLINE, query)

    assert reply.status == 200


async def test_online_reply_marks_answered(client: SandboxClient) -> None:
    inquiry_id = (await list_online(client, "NOANSWER"))[0]["inquiryId"]

    reply = await client.call(
        "POST", reply_path(inquiry_id), body=reply_body("안녕하세요\n확인했습니다.")
    )
    unanswered = await list_online(client, "NOANSWER")
    answered = {item["inquiryId"]: item for item in await list_online(client, "ANSWERED")}

    assert reply.status == 200
    assert reply.body == {"code": "200", "message": "OK"}
    assert inquiry_id not in [item["inquiryId"] for item in unanswered]
    assert answered[inquiry_id]["commentDtoList"][-1]["content"] == "안녕하세요\n확인했습니다."


async def test_online_reply_duplicate_rejected(client: SandboxClient) -> None:
    inquiry_id = (await list_online(client, "NOANSWER"))[0]["inquiryId"]

    first = await client.call("POST", reply_path(inquiry_id), body=reply_body("배송 시작했습니다."))
    second = await client.call(
        "POST", reply_path(inquiry_id), body=reply_body("배송 시작했습니다.")
    )

    assert first.status == 200
    assert second.status == 400
    assert second.body["message"] == "동일한 답변이 존재합니다."


async def test_online_reply_validation(client: SandboxClient) -> None:
    inquiry_id = (await list_online(client, "NOANSWER"))[0]["inquiryId"]
    path = reply_path(inquiry_id)
    raw_newline = (
        '{"vendorId": "A00012345", "content": "첫줄\r\n둘째줄", "replyBy": "a00012345_cs"}'
    )
    cases: list[tuple[Any, str]] = [
        (reply_body(""), "내용을 입력하세요."),
        (reply_body("   "), "내용을 입력하세요."),
        (
            reply_body("답변", reply_by="someone-else"),
            "The value of replyBy (Responder Seller Portal (WING) ID) is incorrect. "
            "Please enter the correct wing ID or vendorId.",
        ),
        ({"content": "답변", "replyBy": "a00012345_cs"}, "Invalid vendor ID"),
    ]
    for body, message in cases:
        reply = await client.call("POST", path, body=body)

        assert reply.status == 400, body
        assert reply.body["message"] == message, body

    raw = await client.call("POST", path, body=raw_newline)
    assert raw.status == 400
    assert raw.body["message"].startswith(
        "Could not read JSON: Illegal unquoted character ((CTRL-CHAR, code 13))"
    )


async def test_online_reply_deleted_or_unknown(client: SandboxClient) -> None:
    inquiry = client.state.add_product_inquiry()
    inquiry.deleted = True

    deleted = await client.call("POST", reply_path(inquiry.inquiry_id), body=reply_body("답변"))
    unknown = await client.call("POST", reply_path(1), body=reply_body("답변"))

    assert deleted.body["message"] == "삭제된 상품문의에는 더 이상 답변할 수 없습니다."
    assert unknown.status == 404


async def test_wing_answer_shows_in_list(client: SandboxClient) -> None:
    inquiry = client.state.add_product_inquiry()

    client.state.answer_product_inquiry(inquiry.inquiry_id, "WING에서 답변했습니다.")
    answered = {item["inquiryId"] for item in await list_online(client, "ANSWERED")}

    assert inquiry.inquiry_id in answered


async def test_call_center_list_filters(client: SandboxClient) -> None:
    no_answer = await list_call_center(client, "NO_ANSWER")
    transfer = await list_call_center(client, "TRANSFER")
    answered = await list_call_center(client, "ANSWER")
    everything = await list_call_center(client, "NONE")

    assert len(no_answer) == 1
    assert len(transfer) == 1
    assert len(answered) == 1
    assert len(everything) == 3
    assert no_answer[0]["csPartnerCounselingStatus"] == "requestAnswer"
    assert no_answer[0]["replies"][0]["needAnswer"] is True
    assert transfer[0]["replies"][0]["needAnswer"] is False
    assert answered[0]["csPartnerCounselingStatus"] == "answered"
    assert CS_TIME.fullmatch(everything[0]["inquiryAt"])
    assert isinstance(everything[0]["vendorItemId"], list)


async def test_call_center_list_validation(client: SandboxClient) -> None:
    cases = [
        (call_center_query("NONE", "&pageSize=31"), "pageSize should be between 1 and 30"),
        (call_center_query("OPEN"), "Invalid partnerCounselingStatus : OPEN"),
        (
            f"vendorId={VENDOR_ID}&partnerCounselingStatus=NONE",
            "Required String parameter 'inquiryStartAt' is not present",
        ),
    ]
    for query, message in cases:
        reply = await client.call("GET", CALL_CENTER, query)

        assert reply.status == 400, query
        assert reply.body["message"] == message, query


async def test_call_center_list_by_vendor_item(client: SandboxClient) -> None:
    inquiry = next(iter(client.state.store.call_center_inquiries.values()))
    query = (
        f"vendorId={VENDOR_ID}&partnerCounselingStatus=NONE&vendorItemId={inquiry.vendor_item_id}"
    )

    reply = await client.call("GET", CALL_CENTER, query)

    outside = await client.call(
        "GET",
        CALL_CENTER,
        f"{query}&inquiryStartAt=2026-11-01&inquiryEndAt=2026-11-07",
    )

    ids = [item["inquiryId"] for item in reply.body["data"]["content"]]
    assert reply.status == 200
    assert inquiry.inquiry_id in ids
    assert outside.body["data"]["content"] == []


async def test_call_center_single_lookup(client: SandboxClient) -> None:
    inquiry = client.state.add_call_center_inquiry()
    path = f"{API}/v5/vendors/callCenterInquiries"

    found = await client.call("GET", f"{path}/{inquiry.inquiry_id}")
    malformed = await client.call("GET", f"{path}/12ab")
    missing = await client.call("GET", f"{path}/1")

    assert found.status == 200
    assert found.body["data"]["inquiryId"] == inquiry.inquiry_id
    assert malformed.body == {"code": 400, "message": "Invalid format inquiryId : 12ab"}
    assert missing.status == 404
    assert missing.body["message"] == "Inquiry not found"


async def test_call_center_reply_answers_transfer(client: SandboxClient) -> None:
    inquiry = client.state.add_call_center_inquiry()
    parent = inquiry.replies[0].answer_id
    body = {
        "vendorId": VENDOR_ID,
        "inquiryId": str(inquiry.inquiry_id),
        "content": "회수 접수 완료했습니다.",
        "replyBy": "a00012345_cs",
        "parentAnswerId": str(parent),
    }

    first = await client.call("POST", cc_reply_path(inquiry.inquiry_id), body=body)
    second = await client.call("POST", cc_reply_path(inquiry.inquiry_id), body=body)
    answered = {i["inquiryId"]: i for i in await list_call_center(client, "ANSWER")}

    assert first.status == 200
    assert second.status == 400
    assert second.body["message"] == CANNOT_ANSWER
    replies = answered[inquiry.inquiry_id]["replies"]
    assert replies[0]["partnerTransferStatus"] == "answered"
    assert replies[-1]["answerType"] == "vendor"
    assert replies[-1]["parentAnswerId"] == parent


async def test_call_center_reply_validation(client: SandboxClient) -> None:
    inquiry = client.state.add_call_center_inquiry()
    parent = str(inquiry.replies[0].answer_id)
    base = {"vendorId": VENDOR_ID, "content": "확인했습니다.", "replyBy": "a00012345_cs"}
    cases: list[tuple[dict[str, Any], str]] = [
        (base, "The parentAnswerId is required."),
        (
            {**base, "parentAnswerId": parent, "content": "네"[:1]},
            "The reply content length should be between 2 ~ 1000",
        ),
        (
            {**base, "parentAnswerId": parent, "content": "가" * 1001},
            "The reply content length should be between 2 ~ 1000",
        ),
        ({**base, "parentAnswerId": parent, "replyBy": ""}, "userId가 올바르지 않습니다 - 520"),
        (
            {**base, "parentAnswerId": parent, "replyBy": "stranger"},
            "userId가 올바르지 않습니다 - 521",
        ),
        ({**base, "parentAnswerId": "1"}, CANNOT_ANSWER),
    ]
    for body, message in cases:
        reply = await client.call("POST", cc_reply_path(inquiry.inquiry_id), body=body)

        assert reply.status == 400, body
        assert reply.body["message"] == message, body

    limit = await client.call(
        "POST",
        cc_reply_path(inquiry.inquiry_id),
        body={**base, "parentAnswerId": parent, "content": "가" * 1000},
    )
    assert limit.status == 200


async def test_call_center_reply_closed_by_agent(client: SandboxClient) -> None:
    inquiry = client.state.add_call_center_inquiry()
    client.state.close_call_center_inquiry(inquiry.inquiry_id)
    body = {
        "vendorId": VENDOR_ID,
        "content": "확인했습니다.",
        "replyBy": "a00012345_cs",
        "parentAnswerId": inquiry.replies[0].answer_id,
    }

    reply = await client.call("POST", cc_reply_path(inquiry.inquiry_id), body=body)

    assert reply.body["message"] == "상담이 종료된 문의입니다 - 522"


async def test_call_center_auto_closes_after_24_hours(client: SandboxClient) -> None:
    inquiry = client.state.add_call_center_inquiry()
    transfer_case = client.state.add_call_center_inquiry(needs_answer=False)
    body = {
        "vendorId": VENDOR_ID,
        "content": "확인했습니다.",
        "replyBy": "a00012345_cs",
        "parentAnswerId": inquiry.replies[0].answer_id,
    }

    client.state.advance_clock(timedelta(hours=23, minutes=59))
    still_open = {i["inquiryId"] for i in await list_call_center(client, "NO_ANSWER")}
    client.state.advance_clock(timedelta(minutes=1))
    answered = {i["inquiryId"]: i for i in await list_call_center(client, "ANSWER")}
    reply = await client.call("POST", cc_reply_path(inquiry.inquiry_id), body=body)
    confirm = await client.call(
        "POST", cc_confirm_path(transfer_case.inquiry_id), body={"confirmBy": "a00012345_cs"}
    )

    assert inquiry.inquiry_id in still_open
    assert answered[inquiry.inquiry_id]["replies"][-1]["content"] == AUTO_NOTICE
    assert reply.body["message"] == CANNOT_ANSWER
    assert confirm.body["message"] == "상담이 종료된 문의입니다 - 522"


async def test_call_center_confirm_transfer(client: SandboxClient) -> None:
    transfer_case = client.state.add_call_center_inquiry(needs_answer=False)
    answer_case = client.state.add_call_center_inquiry(needs_answer=True)

    confirmed = await client.call(
        "POST", cc_confirm_path(transfer_case.inquiry_id), body={"confirmBy": "a00012345_lead"}
    )
    again = await client.call(
        "POST", cc_confirm_path(transfer_case.inquiry_id), body={"confirmBy": "a00012345_lead"}
    )
    wrong_kind = await client.call(
        "POST", cc_confirm_path(answer_case.inquiry_id), body={"confirmBy": "a00012345_lead"}
    )
    no_user = await client.call("POST", cc_confirm_path(transfer_case.inquiry_id), body={})
    pending = {i["inquiryId"] for i in await list_call_center(client, "TRANSFER")}

    assert confirmed.body == {"code": "200", "message": "OK"}
    assert again.body["message"] == CANNOT_ANSWER
    assert wrong_kind.body["message"] == CANNOT_ANSWER
    assert no_user.body["message"] == "userId가 올바르지 않습니다 - 520"
    assert transfer_case.inquiry_id not in pending


async def test_inquiry_texts_carry_planted_values(client: SandboxClient) -> None:
    for _ in range(12):
        client.state.add_product_inquiry()
    texts = " ".join(item["content"] for item in await list_online(client, "ALL"))
    planted = client.state.planted_personal_values()

    kinds_in_text = {value.kind for value in planted if value.value in texts}
    assert {"phone", "name"} <= kinds_in_text
    assert kinds_in_text & {"email", "account_number", "address"}
