"""Sentences of the interactive surface: action results, modals, thread notes and `/cs`.

`handlers.texts` merges these tables into its own, so every sentence is still looked up
with `handlers.texts.text(key, lang)`.
"""

ACTION_KO: dict[str, str] = {
    "button.release_claim": "담당 해제",
    "card.answer_text": "판매자 답변",
    "action.reply_online_inquiry": "상품 문의 답변",
    "action.reply_call_center": "고객센터 문의 답변",
    "action.confirm_transfer": "이관 건 확인",
    "action.confirm_return_receipt": "반품 입고 확인",
    "action.approve_return": "반품 승인",
    "action.release_stopped": "출고중지 완료",
    "action.release_already_shipped": "이미 출고됨",
    "action.confirm_exchange_receipt": "교환 입고 확인",
    "action.reject_exchange": "교환 거부",
    "action.claim": "담당하기",
    "action.release_claim": "담당 해제",
    "action.show_customer": "고객정보 보기",
    "action.open_reply": "답변 작성",
    "action.list_pending": "미처리 목록",
    "action.show_routes": "채널 설정 보기",
    "role.agent": "상담원",
    "role.manager": "매니저",
    "role.admin": "관리자",
    "role.unmask": "개인정보 열람",
    "result.reference": "참조 ID: {ref}",
    "result.internal_error": "처리 중 오류가 발생했습니다. 관리자에게 참조 ID {ref}를 알려 주세요.",
    "result.done": "{action}: 완료했습니다.",
    "result.duplicate": (
        "{action}: 같은 요청이 이미 처리되었거나 처리 중입니다. 쿠팡에 다시 보내지 않았습니다."
    ),
    "result.already_handled": (
        "{action}: 이 건은 이미 처리되었습니다(WING 처리, 자동 승인, 철회 등). "
        "메시지를 최신 상태로 바꿉니다."
    ),
    "result.rejected_role": "{action}: 권한이 없습니다. 필요한 역할: {role}.",
    "result.rejected_team": "{action}: 다른 워크스페이스의 사용자는 이 작업을 할 수 없습니다.",
    "result.no_wing_id": (
        "{action}: WING 아이디가 설정되지 않았습니다. 관리자에게 설정 파일의 "
        "[wing_users]에 본인 Slack ID와 WING 아이디를 추가해 달라고 요청하세요."
    ),
    "result.not_found": "{action}: 이 건을 찾을 수 없습니다.",
    "result.not_applicable": "{action}: 이 건에는 할 수 없는 작업입니다.",
    "result.claimed_by_other": "{action}: 다른 사람이 이미 담당하고 있습니다.",
    "result.coupang_failed": "{action}: 쿠팡 호출이 실패했습니다. 잠시 후 다시 시도하세요.",
    "result.unconfirmed": (
        "{action}: 쿠팡에 보냈지만 아직 반영이 확인되지 않았습니다. 다시 보내지 말고 "
        "잠시 후 메시지를 확인하세요."
    ),
    "result.coupang_rejected": "{action}: 쿠팡이 요청을 거부했습니다. {reason}",
    "coupang_error.invalid_wing_id": (
        "WING 아이디가 올바르지 않습니다. 설정 파일의 [wing_users] 값을 확인하세요."
    ),
    "coupang_error.case_closed": "상담이 이미 종료되어 답변할 수 없습니다.",
    "coupang_error.not_answerable": "이 문의는 지금 답변할 수 없습니다(종료되었거나 이미 답변됨).",
    "coupang_error.content_length": "답변 길이가 허용 범위를 벗어났습니다. 2~1000자로 맞추세요.",
    "coupang_error.content_empty": "답변 내용이 비어 있습니다.",
    "coupang_error.inquiry_deleted": "삭제된 문의라 답변할 수 없습니다.",
    "coupang_error.parent_answer_missing": "답변할 상담 요청이 없습니다.",
    "coupang_error.cancel_count_mismatch": "반품 수량이 쿠팡의 접수 수량과 다릅니다.",
    "coupang_error.receipt_not_found": "쿠팡에서 접수 건을 찾을 수 없습니다.",
    "coupang_error.other": "WING에서 이 건의 상태를 확인하세요.",
    "note.action.reply_online_inquiry": "<@{user}>님이 답변했습니다.",
    "note.action.reply_call_center": "<@{user}>님이 상담에 답변했습니다.",
    "note.action.confirm_transfer": "<@{user}>님이 이관 건을 확인했습니다.",
    "note.action.confirm_return_receipt": "<@{user}>님이 반품 입고를 확인했습니다.",
    "note.action.approve_return": "<@{user}>님이 반품을 승인했습니다.",
    "note.action.release_stopped": "<@{user}>님이 출고중지 완료를 알렸습니다.",
    "note.action.release_already_shipped": "<@{user}>님이 이미 출고되었다고 알렸습니다.",
    "note.action.confirm_exchange_receipt": "<@{user}>님이 교환 입고를 확인했습니다.",
    "note.action.reject_exchange": "<@{user}>님이 교환을 거부했습니다.",
    "note.reply_text": "보낸 답변 (마스킹됨)",
    "note.reason": "사유: {reason}",
    "reason.SOLDOUT": "품절",
    "reason.WITHDRAW": "고객 철회",
    "modal.loading.title": "불러오는 중",
    "modal.loading.text": "쿠팡에서 최신 상태를 확인하고 있습니다…",
    "modal.close": "닫기",
    "modal.submit": "보내기",
    "modal.refused.title": "처리할 수 없음",
    "modal.reply.title": "문의 답변",
    "modal.reply.product": "상품",
    "modal.reply.question": "문의 내용 (마스킹됨)",
    "modal.reply.deadline": "답변 기한: {time}",
    "modal.reply.template": "템플릿",
    "modal.reply.template_placeholder": "템플릿을 고르면 답변 칸에 채워집니다",
    "modal.reply.text": "답변",
    "modal.reply.hint": "{min}~{max}자. 보낸 답변은 수정하거나 삭제할 수 없습니다.",
    "modal.reply.sending": "답변을 보내고 있습니다. 결과는 메시지로 알려 드립니다.",
    "modal.error.empty": "답변을 입력하세요.",
    "modal.error.too_short": "{min}자 이상 입력하세요.",
    "modal.error.too_long": "{max}자 이하로 줄이세요. 지금 {length}자입니다.",
    "modal.error.placeholder": "[agent]처럼 대괄호로 표시된 부분을 실제 내용으로 바꾸세요.",
    "modal.error.control_characters": (
        "보이지 않는 제어 문자({characters})가 들어 있습니다. 지우고 다시 입력하세요."
    ),
    "modal.reject.title": "교환 거부",
    "modal.reject.reason": "거부 사유",
    "modal.reject.warning": "거부하면 되돌릴 수 없습니다.",
    "modal.shipped.title": "이미 출고됨",
    "modal.shipped.courier": "택배사 코드 (예: CJGLS)",
    "modal.shipped.invoice": "송장번호",
    "modal.error.courier": "택배사 코드는 영문 대문자와 숫자로 입력하세요 (예: CJGLS).",
    "modal.error.invoice": "송장번호는 숫자와 하이픈만, 6~30자로 입력하세요.",
    "show.title": "고객 정보 (나에게만 보임)",
    "show.notice": "이 정보는 저장되지 않으며, 열람 기록이 남습니다. 다른 곳에 옮기지 마세요.",
    "show.empty": "쿠팡이 이 건에 대해 보여 줄 고객 정보를 보내지 않았습니다.",
    "field.address_detail": "상세 주소",
    "cs.help": (
        "*cs-bot 명령*\n"
        "• `/cs help`: 이 도움말\n"
        "• `/cs reply <문의번호> [답변]`: 답변 창을 열거나, 답변을 바로 보냅니다\n"
        "• `/cs show <번호>`: 고객 정보를 나에게만 보여 줍니다 (개인정보 열람 권한 필요)\n"
        "• `/cs claim <번호>`: 담당자로 지정합니다. `/cs release <번호>`: 담당을 해제합니다\n"
        "• `/cs pending`: 처리되지 않은 항목\n"
        "• `/cs whoami`: 내 역할과 WING 아이디\n"
        "• `/cs routes`: 판매자별 채널 (관리자만)\n"
        "• `/cs digest`: 오늘의 일일 리포트를 나에게만 보여 줍니다"
    ),
    "cs.usage": "사용법: `/cs {subcommand} <번호>`. 번호는 쿠팡의 문의·접수·교환 번호입니다.",
    "cs.invalid_id": (
        "번호가 올바르지 않습니다. 카드에 있는 번호를 숫자(0–9)로만, 19자리 이하로 입력하세요. "
        "사용법: `/cs {subcommand} <번호>`"
    ),
    "cs.not_found": "{coupang_id} 번 항목이 없습니다. 번호를 확인하세요.",
    "cs.ambiguous": "{coupang_id} 번 항목이 여러 개입니다. 카드의 버튼을 사용하세요.",
    "cs.whoami": "역할: {roles}\nWING 아이디: {wing_id}",
    "cs.none": "없음",
    "cs.pending.title": "처리되지 않은 항목 {count}건",
    "cs.pending.empty": "처리되지 않은 항목이 없습니다.",
    "cs.pending.more": "… 외 {count}건",
    "cs.routes.title": "판매자별 채널",
    "cs.routes.denied": "채널 설정은 관리자만 볼 수 있습니다.",
    "cs.reply.opened": "답변 창을 열었습니다.",
    "cs.trigger_expired": "창을 열 시간이 지났습니다. 다시 시도하세요.",
}

ACTION_EN: dict[str, str] = {
    "button.release_claim": "Release",
    "card.answer_text": "Seller reply",
    "action.reply_online_inquiry": "Product inquiry reply",
    "action.reply_call_center": "Call-center reply",
    "action.confirm_transfer": "Transfer confirmation",
    "action.confirm_return_receipt": "Return receipt confirmation",
    "action.approve_return": "Return approval",
    "action.release_stopped": "Shipment stopped",
    "action.release_already_shipped": "Already shipped",
    "action.confirm_exchange_receipt": "Exchange receipt confirmation",
    "action.reject_exchange": "Exchange rejection",
    "action.claim": "Claim",
    "action.release_claim": "Claim release",
    "action.show_customer": "Customer details",
    "action.open_reply": "Reply",
    "action.list_pending": "Open items",
    "action.show_routes": "Channel routes",
    "role.agent": "agent",
    "role.manager": "manager",
    "role.admin": "admin",
    "role.unmask": "unmask",
    "result.reference": "Reference ID: {ref}",
    "result.internal_error": "Something went wrong. Give an admin the reference ID {ref}.",
    "result.done": "{action}: done.",
    "result.duplicate": (
        "{action}: the same request was already handled or is in progress. Nothing was sent "
        "to Coupang again."
    ),
    "result.already_handled": (
        "{action}: this item was already handled (in WING, auto-approved or withdrawn). "
        "The message is being updated."
    ),
    "result.rejected_role": "{action}: not allowed. Required role: {role}.",
    "result.rejected_team": "{action}: users from another workspace cannot do this.",
    "result.no_wing_id": (
        "{action}: no WING user id is configured for you. Ask an admin to add your Slack ID "
        "and WING id to [wing_users] in the configuration file."
    ),
    "result.not_found": "{action}: item not found.",
    "result.not_applicable": "{action}: this action does not apply to this item.",
    "result.claimed_by_other": "{action}: someone else has already claimed this item.",
    "result.coupang_failed": "{action}: the call to Coupang failed. Try again in a minute.",
    "result.unconfirmed": (
        "{action}: sent to Coupang, but Coupang does not show it yet. Do not send it again; "
        "check the message in a minute."
    ),
    "result.coupang_rejected": "{action}: Coupang rejected the request. {reason}",
    "coupang_error.invalid_wing_id": (
        "The WING user id is invalid. Check its value in [wing_users]."
    ),
    "coupang_error.case_closed": "The case is closed and can no longer be answered.",
    "coupang_error.not_answerable": (
        "This inquiry cannot be answered now (closed or already answered)."
    ),
    "coupang_error.content_length": (
        "The reply length is out of range. Keep it between 2 and 1000 characters."
    ),
    "coupang_error.content_empty": "The reply is empty.",
    "coupang_error.inquiry_deleted": "The inquiry was deleted and cannot be answered.",
    "coupang_error.parent_answer_missing": "There is no open request to answer.",
    "coupang_error.cancel_count_mismatch": (
        "The return quantity differs from Coupang's receipt quantity."
    ),
    "coupang_error.receipt_not_found": "Coupang cannot find this receipt.",
    "coupang_error.other": "Check the item's status in WING.",
    "note.action.reply_online_inquiry": "<@{user}> replied.",
    "note.action.reply_call_center": "<@{user}> replied to the case.",
    "note.action.confirm_transfer": "<@{user}> confirmed the transfer.",
    "note.action.confirm_return_receipt": "<@{user}> confirmed the return receipt.",
    "note.action.approve_return": "<@{user}> approved the return.",
    "note.action.release_stopped": "<@{user}> reported the shipment stopped.",
    "note.action.release_already_shipped": "<@{user}> reported the order already shipped.",
    "note.action.confirm_exchange_receipt": "<@{user}> confirmed the exchange receipt.",
    "note.action.reject_exchange": "<@{user}> rejected the exchange.",
    "note.reply_text": "Reply sent (masked)",
    "note.reason": "Reason: {reason}",
    "reason.SOLDOUT": "Sold out",
    "reason.WITHDRAW": "Withdrawn by the customer",
    "modal.loading.title": "Loading",
    "modal.loading.text": "Checking the latest state in Coupang…",
    "modal.close": "Close",
    "modal.submit": "Send",
    "modal.refused.title": "Cannot continue",
    "modal.reply.title": "Reply",
    "modal.reply.product": "Product",
    "modal.reply.question": "Inquiry (masked)",
    "modal.reply.deadline": "Reply by {time}",
    "modal.reply.template": "Template",
    "modal.reply.template_placeholder": "Pick a template to fill in the reply",
    "modal.reply.text": "Reply",
    "modal.reply.hint": "{min}–{max} characters. A sent reply cannot be edited or deleted.",
    "modal.reply.sending": "Sending the reply. The result follows in a message.",
    "modal.error.empty": "Enter a reply.",
    "modal.error.too_short": "Enter at least {min} characters.",
    "modal.error.too_long": "Shorten it to {max} characters. It has {length} now.",
    "modal.error.placeholder": "Replace the parts in brackets, such as [agent], with real text.",
    "modal.error.control_characters": (
        "The reply contains invisible control characters ({characters}). Remove them."
    ),
    "modal.reject.title": "Reject exchange",
    "modal.reject.reason": "Reason",
    "modal.reject.warning": "A rejection cannot be undone.",
    "modal.shipped.title": "Already shipped",
    "modal.shipped.courier": "Courier code (e.g. CJGLS)",
    "modal.shipped.invoice": "Invoice number",
    "modal.error.courier": "Enter the courier code in capital letters and digits (e.g. CJGLS).",
    "modal.error.invoice": "Enter 6 to 30 digits or hyphens for the invoice number.",
    "show.title": "Customer details (only you can see this)",
    "show.notice": "Not stored; this view is recorded. Do not copy the details elsewhere.",
    "show.empty": "Coupang sent no customer details for this item.",
    "field.address_detail": "Address detail",
    "cs.help": (
        "*cs-bot commands*\n"
        "• `/cs help`: this help\n"
        "• `/cs reply <inquiry id> [text]`: open the reply form, or send the text directly\n"
        "• `/cs show <id>`: show the customer's details to you only (needs the unmask role)\n"
        "• `/cs claim <id>`: claim the item. `/cs release <id>`: release the claim\n"
        "• `/cs pending`: items still open\n"
        "• `/cs whoami`: your roles and WING user id\n"
        "• `/cs routes`: channels per vendor (admins only)\n"
        "• `/cs digest`: show today's daily digest to you only"
    ),
    "cs.usage": (
        "Usage: `/cs {subcommand} <id>`, where id is Coupang's inquiry, receipt or exchange id."
    ),
    "cs.invalid_id": (
        "Invalid id. Enter the number on the card in digits 0–9, at most 19 digits. "
        "Usage: `/cs {subcommand} <id>`"
    ),
    "cs.not_found": "No item {coupang_id}. Check the id.",
    "cs.ambiguous": "Several items have id {coupang_id}. Use the buttons on the card.",
    "cs.whoami": "Roles: {roles}\nWING user id: {wing_id}",
    "cs.none": "none",
    "cs.pending.title": "{count} open items",
    "cs.pending.empty": "No open items.",
    "cs.pending.more": "… and {count} more",
    "cs.routes.title": "Channels per vendor",
    "cs.routes.denied": "Only admins can see the channel routes.",
    "cs.reply.opened": "Opened the reply form.",
    "cs.trigger_expired": "The time to open the form ran out. Try again.",
}
