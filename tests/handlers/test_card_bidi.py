"""Bidi controls in customer text are removed from every message the outbox sends."""

import json

from slack_sdk.models.blocks import PlainTextObject, SectionBlock

from bot.services.cards import mask_message
from bot.unicode_text import BIDI_CONTROLS
from handlers.blocks import SlackMessage

# A right-to-left override makes "gpj.exe" display as "exe.jpg"; the isolates nest.
CUSTOMER_TEXT = "사진 첨부\u202egpj.exe\u202c 확인 \u2067요청\u2069"


def test_mask_message_removes_bidi_controls() -> None:
    message = SlackMessage(
        text=CUSTOMER_TEXT,
        blocks=(SectionBlock(text=PlainTextObject(text=CUSTOMER_TEXT)),),
    )

    payload = mask_message(message, keep=("12345",))
    sent = payload.text + json.dumps(payload.blocks, ensure_ascii=False)

    assert not BIDI_CONTROLS & set(sent)
    assert payload.text == "사진 첨부gpj.exe 확인 요청"
    assert "사진 첨부gpj.exe 확인 요청" in sent
