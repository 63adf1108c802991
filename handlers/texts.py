"""Every user-facing sentence of the Slack surface, in Korean (the default) and English.

Look a sentence up with `text(key, lang, **params)`; `{name}` placeholders are filled with
`str.format`. Both languages have the same keys, and a test checks that they match.
"""

from enum import StrEnum

from handlers.action_texts import ACTION_EN, ACTION_KO


class Lang(StrEnum):
    """Language of the text shown to users."""

    KO = "ko"
    EN = "en"


DEFAULT_LANG = Lang.KO

_KO: dict[str, str] = {
    "kind.online_inquiry": "상품 문의",
    "kind.call_center_inquiry": "고객센터 문의",
    "kind.return_request": "반품",
    "kind.exchange_request": "교환",
    "status.online_inquiry.open": "답변 대기",
    "status.online_inquiry.answered": "답변 완료",
    "status.call_center_inquiry.needs_answer": "답변 필요",
    "status.call_center_inquiry.needs_confirm": "미확인 (확인 필요)",
    "status.call_center_inquiry.answered": "답변 완료",
    "status.call_center_inquiry.confirmed": "확인 완료",
    "status.call_center_inquiry.closed": "상담 종료",
    "status.return_request.release_stop_requested": "출고중지 요청",
    "status.return_request.requested": "반품 접수",
    "status.return_request.receipt_confirmed": "입고 확인됨",
    "status.return_request.completed": "반품 완료",
    "status.return_request.coupang_check": "쿠팡 확인 요청",
    "status.return_request.withdrawn": "반품 철회",
    "status.exchange_request.received": "교환 접수",
    "status.exchange_request.in_progress": "교환 진행 중",
    "status.exchange_request.completed": "교환 완료",
    "status.exchange_request.rejected": "교환 거부",
    "status.exchange_request.cancelled": "교환 철회",
    "card.product": "상품",
    "card.order_id": "주문번호",
    "card.coupang_id.online_inquiry": "문의번호",
    "card.coupang_id.call_center_inquiry": "상담번호",
    "card.coupang_id.return_request": "접수번호",
    "card.coupang_id.exchange_request": "교환번호",
    "card.created_at": "접수 시각",
    "card.deadline": "처리 기한",
    "card.no_deadline": "기한 없음",
    "card.time_left": "{duration} 남음",
    "card.overdue": "기한 초과",
    "card.overdue_by": "기한 초과, {duration} 지남",
    "card.assignee": "담당자",
    "card.unassigned": "미지정",
    "card.answered": "답변",
    "card.answered_in_wing": "WING에서 답변",
    "card.customer_text.online_inquiry": "문의 내용",
    "card.customer_text.call_center_inquiry": "상담 내용",
    "card.customer_text.return_request": "반품 사유",
    "card.customer_text.exchange_request": "교환 사유",
    "card.truncated": "… (이하 {count}자 생략)",
    "card.vendor": "판매자 {vendor_id}",
    "card.masked_notice": "고객 정보는 마스킹되어 표시됩니다.",
    "card.handled": "처리 완료",
    "card.empty_value": "-",
    "field.buyer_name": "구매자",
    "field.buyer_phone": "구매자 연락처",
    "field.buyer_email": "구매자 이메일",
    "field.receiver_name": "수령인",
    "field.receiver_phone": "수령인 연락처",
    "field.address": "배송지",
    "field.delivery_memo": "배송 메모",
    "field.return_reason_code": "반품 사유 코드",
    "field.quantity": "수량",
    "field.shipment_box_id": "배송번호",
    "field.invoice_number": "송장번호",
    "field.delivery_company": "택배사",
    "button.reply": "답변하기",
    "button.claim": "담당하기",
    "button.show_customer": "고객정보 보기",
    "button.confirm_transfer": "확인",
    "button.confirm_return_receipt": "입고 확인",
    "button.approve_return": "반품 승인",
    "button.release_stopped": "출고중지 완료",
    "button.release_already_shipped": "이미 출고됨",
    "button.confirm_exchange_receipt": "입고 확인",
    "button.reject_exchange": "교환 거부",
    "confirm.confirm_return_receipt.title": "입고를 확인할까요?",
    "confirm.confirm_return_receipt.text": (
        "반품 상품이 입고되었다고 쿠팡에 알립니다. 되돌릴 수 없습니다."
    ),
    "confirm.approve_return.title": "반품을 승인할까요?",
    "confirm.approve_return.text": "승인하면 고객 환불이 진행됩니다. 되돌릴 수 없습니다.",
    "confirm.release_stopped.title": "출고를 중지했나요?",
    "confirm.release_stopped.text": "출고를 중지했다고 쿠팡에 알립니다.",
    "confirm.release_already_shipped.title": "이미 출고되었나요?",
    "confirm.release_already_shipped.text": "이미 출고되었다고 쿠팡에 알립니다.",
    "confirm.confirm_exchange_receipt.title": "입고를 확인할까요?",
    "confirm.confirm_exchange_receipt.text": "교환 회수 상품이 입고되었다고 쿠팡에 알립니다.",
    "confirm.proceed": "진행",
    "confirm.cancel": "취소",
    "fallback.item": "[{kind}] {status} · {product} · 주문 {order_id}",
    "fallback.item_without_order": "[{kind}] {status} · {product}",
    "duration.days": "{count}일",
    "duration.hours": "{count}시간",
    "duration.minutes": "{count}분",
    "duration.under_a_minute": "1분 미만",
    "note.answered_in_wing": "WING에서 답변되었습니다.",
    "note.approved_elsewhere": "Slack 밖(WING 또는 쿠팡)에서 승인되었습니다.",
    "note.withdrawn": "고객이 요청을 철회했습니다.",
    "note.auto_closed": "쿠팡이 자동으로 종료했습니다.",
    "note.observed_at": "{time}에 확인",
    "sla.reminder": "⏳ 처리 기한의 {percent}%가 지났습니다. {time_left} (기한 {deadline})",
    "sla.escalation": "⚠️ 처리 기한의 {percent}%가 지났습니다. {time_left} (기한 {deadline})",
    "sla.overdue": "⏰ 처리 기한이 지났습니다 (기한 {deadline}).",
    "sla.assignee": "담당자: {user}",
    "sla.unassigned": "담당자가 없습니다.",
    "cs.digest.forbidden": "일일 리포트는 상담원 이상만 볼 수 있습니다.",
    "cs.digest.empty": "리포트를 보낼 채널이 설정되지 않았습니다.",
    "cs.digest.channel": "*<#{channel}> 리포트* (차트는 매일 올라가는 리포트에 있습니다)",
    "home.title": "CS 현황",
    "home.updated": "{time} 기준",
    "home.claimed": "내가 담당한 항목",
    "home.nearest": "기한이 가까운 미처리 항목",
    "home.answered": "이번 주 내 답변 ({count}건, {since}부터)",
    "home.none": "없습니다.",
    "home.open": "메시지 열기",
    "home.team": "팀 현황",
    "home.team.totals": "미배정 {unclaimed}건 · 기한 초과 {overdue}건",
    "home.team.open": "*담당자별 미처리*\n{lines}",
    "home.team.answers": "*이번 주 답변*\n{lines}",
    "alert.title": "판매자 {vendor_id} 수집 중지",
    "alert.auth_failure": "쿠팡이 API 인증을 거부했습니다. 액세스 키와 시크릿 키를 확인하세요.",
    "alert.ip_not_allowed": (
        "쿠팡이 이 서버의 IP 주소를 허용하지 않습니다. WING의 허용 IP 목록에 추가하세요."
    ),
    "alert.no_successful_poll": (
        "{minutes}분 동안 수집에 성공하지 못했습니다. 로그에서 오류를 확인하세요."
    ),
    "alert.detected_at": "감지 시각: {time}",
    "reply.not_available": "이 기능은 아직 준비 중입니다. 지금은 WING에서 처리해 주세요.",
}

_EN: dict[str, str] = {
    "kind.online_inquiry": "Product inquiry",
    "kind.call_center_inquiry": "Call-center inquiry",
    "kind.return_request": "Return",
    "kind.exchange_request": "Exchange",
    "status.online_inquiry.open": "Awaiting reply",
    "status.online_inquiry.answered": "Answered",
    "status.call_center_inquiry.needs_answer": "Needs reply",
    "status.call_center_inquiry.needs_confirm": "Unconfirmed (needs confirm)",
    "status.call_center_inquiry.answered": "Answered",
    "status.call_center_inquiry.confirmed": "Confirmed",
    "status.call_center_inquiry.closed": "Closed by Coupang",
    "status.return_request.release_stop_requested": "Release stop requested",
    "status.return_request.requested": "Return requested",
    "status.return_request.receipt_confirmed": "Receipt confirmed",
    "status.return_request.completed": "Return completed",
    "status.return_request.coupang_check": "Sent to Coupang for checking",
    "status.return_request.withdrawn": "Return withdrawn",
    "status.exchange_request.received": "Exchange requested",
    "status.exchange_request.in_progress": "Exchange in progress",
    "status.exchange_request.completed": "Exchange completed",
    "status.exchange_request.rejected": "Exchange rejected",
    "status.exchange_request.cancelled": "Exchange withdrawn",
    "card.product": "Product",
    "card.order_id": "Order ID",
    "card.coupang_id.online_inquiry": "Inquiry ID",
    "card.coupang_id.call_center_inquiry": "Inquiry ID",
    "card.coupang_id.return_request": "Receipt ID",
    "card.coupang_id.exchange_request": "Exchange ID",
    "card.created_at": "Received",
    "card.deadline": "Deadline",
    "card.no_deadline": "No deadline",
    "card.time_left": "{duration} left",
    "card.overdue": "Overdue",
    "card.overdue_by": "Overdue by {duration}",
    "card.assignee": "Assignee",
    "card.unassigned": "Unassigned",
    "card.answered": "Answered",
    "card.answered_in_wing": "Answered in WING",
    "card.customer_text.online_inquiry": "Inquiry",
    "card.customer_text.call_center_inquiry": "Case notes",
    "card.customer_text.return_request": "Return reason",
    "card.customer_text.exchange_request": "Exchange reason",
    "card.truncated": "… ({count} more characters not shown)",
    "card.vendor": "Vendor {vendor_id}",
    "card.masked_notice": "Customer data is masked.",
    "card.handled": "Handled",
    "card.empty_value": "-",
    "field.buyer_name": "Buyer",
    "field.buyer_phone": "Buyer phone",
    "field.buyer_email": "Buyer e-mail",
    "field.receiver_name": "Recipient",
    "field.receiver_phone": "Recipient phone",
    "field.address": "Shipping address",
    "field.delivery_memo": "Delivery note",
    "field.return_reason_code": "Return reason code",
    "field.quantity": "Quantity",
    "field.shipment_box_id": "Shipment box ID",
    "field.invoice_number": "Invoice number",
    "field.delivery_company": "Carrier",
    "button.reply": "Reply",
    "button.claim": "Claim",
    "button.show_customer": "Show customer details",
    "button.confirm_transfer": "Confirm",
    "button.confirm_return_receipt": "Confirm receipt",
    "button.approve_return": "Approve",
    "button.release_stopped": "Stopped",
    "button.release_already_shipped": "Already shipped",
    "button.confirm_exchange_receipt": "Confirm receipt",
    "button.reject_exchange": "Reject",
    "confirm.confirm_return_receipt.title": "Confirm receipt?",
    "confirm.confirm_return_receipt.text": (
        "Tells Coupang that the returned item has arrived. This cannot be undone."
    ),
    "confirm.approve_return.title": "Approve this return?",
    "confirm.approve_return.text": "Approving starts the customer's refund. This cannot be undone.",
    "confirm.release_stopped.title": "Was the shipment stopped?",
    "confirm.release_stopped.text": "Tells Coupang that the shipment was stopped.",
    "confirm.release_already_shipped.title": "Had it already shipped?",
    "confirm.release_already_shipped.text": "Tells Coupang that the item had already shipped.",
    "confirm.confirm_exchange_receipt.title": "Confirm receipt?",
    "confirm.confirm_exchange_receipt.text": (
        "Tells Coupang that the item collected for the exchange has arrived."
    ),
    "confirm.proceed": "Proceed",
    "confirm.cancel": "Cancel",
    "fallback.item": "[{kind}] {status} · {product} · order {order_id}",
    "fallback.item_without_order": "[{kind}] {status} · {product}",
    "duration.days": "{count} d",
    "duration.hours": "{count} h",
    "duration.minutes": "{count} min",
    "duration.under_a_minute": "under 1 min",
    "note.answered_in_wing": "Answered in WING.",
    "note.approved_elsewhere": "Approved outside Slack (in WING or by Coupang).",
    "note.withdrawn": "The customer withdrew the request.",
    "note.auto_closed": "Coupang closed this item automatically.",
    "note.observed_at": "Seen at {time}",
    "sla.reminder": "⏳ {percent}% of the SLA window elapsed. {time_left} (deadline {deadline})",
    "sla.escalation": "⚠️ {percent}% of the SLA window elapsed. {time_left} (deadline {deadline})",
    "sla.overdue": "⏰ The SLA deadline has passed (deadline {deadline}).",
    "sla.assignee": "Assignee: {user}",
    "sla.unassigned": "Nobody has claimed this item.",
    "cs.digest.forbidden": "Only agents, managers and admins can see the daily digest.",
    "cs.digest.empty": "No digest channel is configured.",
    "cs.digest.channel": "*Digest of <#{channel}>* (the chart is in the daily post)",
    "home.title": "CS overview",
    "home.updated": "As of {time}",
    "home.claimed": "Items you claimed",
    "home.nearest": "Open items nearest their deadline",
    "home.answered": "Your answers this week ({count}, since {since})",
    "home.none": "None.",
    "home.open": "Open message",
    "home.team": "Team",
    "home.team.totals": "{unclaimed} unclaimed · {overdue} overdue",
    "home.team.open": "*Open items per assignee*\n{lines}",
    "home.team.answers": "*Answers this week*\n{lines}",
    "alert.title": "Polling paused for vendor {vendor_id}",
    "alert.auth_failure": "Coupang rejected the API credentials. Check the access and secret keys.",
    "alert.ip_not_allowed": (
        "Coupang does not allow this server's IP address. Add it to the allowed IPs in WING."
    ),
    "alert.no_successful_poll": (
        "No successful poll for {minutes} minutes. Check the logs for the errors."
    ),
    "alert.detected_at": "Detected at {time}",
    "reply.not_available": "This action is not available yet. Use WING for now.",
}

TEXTS: dict[Lang, dict[str, str]] = {Lang.KO: _KO | ACTION_KO, Lang.EN: _EN | ACTION_EN}


def text(key: str, lang: Lang = DEFAULT_LANG, **params: object) -> str:
    """Return the sentence `key` in `lang` with `params` filled in; raise KeyError if unknown."""
    try:
        template = TEXTS[lang][key]
    except KeyError:
        raise KeyError(f"no text {key!r} in language {lang.value!r}") from None
    return template.format(**params) if params else template


def has_text(key: str) -> bool:
    return key in TEXTS[Lang.KO]


def parse_lang(value: str) -> Lang:
    """Parse a language code such as "ko" or "en"; raise ValueError for any other value."""
    try:
        return Lang(value.strip().lower())
    except ValueError:
        choices = ", ".join(lang.value for lang in Lang)
        raise ValueError(f"invalid language {value!r}: expected one of {choices}") from None
