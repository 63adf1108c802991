"""The transcript shows each channel's messages, cards, threads and ephemeral notes as text."""

from datetime import UTC

from slack_sdk.web.async_client import AsyncWebClient

from bot.slackstub import ManualClock, SlackStub, render_transcript, run_slack_stub
from bot.slackstub.transcript import render_blocks
from handlers.blocks import ThreadNote, build_item_card, build_thread_note
from handlers.cards import ItemKind, ReturnStatus
from handlers.texts import Lang
from tests.slack.cards_factory import NOW, STATUSES_BY_KIND, make_card


async def test_transcript_renders_card_and_thread(stub: SlackStub, client: AsyncWebClient) -> None:
    agent = stub.add_user("agent")
    returns = stub.add_channel("cs-returns", members=[agent.id])
    quiet = stub.add_channel("cs-quiet")
    card = build_item_card(make_card(ItemKind.RETURN_REQUEST, ReturnStatus.REQUESTED), now=NOW)
    note = build_thread_note(ThreadNote.WITHDRAWN, at=NOW)

    posted = await client.chat_postMessage(channel=returns.id, **card.as_message_args())
    await client.chat_postMessage(
        channel=returns.id, thread_ts=posted["ts"], **note.as_message_args()
    )
    await client.chat_postEphemeral(channel=returns.id, user=agent.id, text="아직 준비 중입니다.")
    transcript = render_transcript(stub, tz=UTC)

    lines = transcript.splitlines()
    assert lines[0] == f"#cs-returns ({returns.id})"
    assert "== 🆕 반품 · 반품 접수 ==" in transcript
    assert "[입고 확인] [담당하기] [고객정보 보기]" in transcript
    assert "- *주문번호* 2000000012345" in transcript
    assert "↳ 00:00:00 cs-bot:" in transcript
    assert "ℹ️ 고객이 요청을 철회했습니다." in transcript
    assert "(only visible to @agent)" in transcript
    assert f"#cs-quiet ({quiet.id})\n    (no messages)" in transcript


async def test_transcript_marks_edits_and_files(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-digest")
    posted = await client.chat_postMessage(channel=channel.id, text="first")

    await client.chat_update(channel=channel.id, ts=posted["ts"], text="second")
    await client.files_upload_v2(
        channel=channel.id, content=b"a,b\n", filename="digest.csv", title="Daily digest"
    )
    transcript = render_transcript(stub, channel_ids=[channel.id])

    assert "cs-bot (edited):\n        second" in transcript
    assert "[file: Daily digest]" in transcript


def test_render_blocks_shows_buttons_and_context() -> None:
    message = build_item_card(
        make_card(ItemKind.RETURN_REQUEST, ReturnStatus.RECEIPT_CONFIRMED), lang=Lang.EN, now=NOW
    )

    lines = render_blocks(message.blocks_as_dicts())

    assert lines[0] == "== 🆕 Return · Receipt confirmed =="
    assert lines[-1] == "[Approve] [Claim] [Show customer details]"
    assert lines[-2] == "(Vendor A00012345 · Customer data is masked.)"


async def test_every_card_posts_to_stub(clock: ManualClock) -> None:
    total = sum(len(statuses) for statuses in STATUSES_BY_KIND.values())

    async with run_slack_stub(clock=clock, post_burst=total) as stub:
        channel = stub.add_channel("cs-all")
        client = AsyncWebClient(token=stub.token, base_url=stub.api_url, retry_handlers=[])
        for kind, statuses in STATUSES_BY_KIND.items():
            for status in statuses:
                card = build_item_card(make_card(kind, status), now=NOW)
                await client.chat_postMessage(channel=channel.id, **card.as_message_args())

        assert len(stub.messages(channel.id)) == total
        assert all(call.ok for call in stub.calls("chat.postMessage"))
