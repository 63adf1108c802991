"""`/cs digest`: the daily digest as an ephemeral message to the user who typed it."""

from datetime import timedelta

from tests.handlers.harness import AGENT, MANAGER, NOBODY, Bot, wait_for, wait_for_ephemerals


async def test_digest_is_ephemeral_to_agent(bot: Bot) -> None:
    state = bot.env.sandbox.state
    state.add_product_inquiry()
    state.add_product_inquiry()
    await bot.post_items()
    state.advance_clock(timedelta(hours=25))
    files_before = len(bot.env.slack.calls("files.completeUploadExternal"))

    response = await bot.command(AGENT, "digest")
    messages = await wait_for_ephemerals(bot, AGENT, 1)

    assert response is None or not response.get("text")
    assert len(messages) == 1
    assert "일일 리포트" in messages[0].text
    assert "*신규* 상품 문의 2" in messages[0].text
    assert f"<#{bot.env.channel_ids['inquiries']}>" in messages[0].text
    assert bot.ephemerals(MANAGER) == []
    assert len(bot.env.slack.calls("files.completeUploadExternal")) == files_before
    channel = bot.env.channel_ids["inquiries"]
    assert all("일일 리포트" not in m.text for m in bot.env.slack.messages(channel))


async def test_digest_rejects_non_staff(bot: Bot) -> None:
    await bot.command(NOBODY, "digest")
    await wait_for(lambda: bot.ephemerals(NOBODY))

    messages = bot.ephemerals(NOBODY)
    assert len(messages) == 1
    assert "일일 리포트" in messages[0].text
    assert "*신규*" not in messages[0].text


async def test_help_lists_digest(bot: Bot) -> None:
    response = await bot.command(AGENT, "help")

    assert "/cs digest" in response["text"]
