"""The Slack stand-in responds to Web API calls as Slack does: auth, messages, lookups, records."""

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slackstub import SlackStub, run_slack_stub

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}


async def test_auth_test_returns_bot_identity(stub: SlackStub, client: AsyncWebClient) -> None:
    response = await client.auth_test()

    assert response["ok"] is True
    assert response["user_id"] == stub.bot_user_id
    assert response["team_id"].startswith("T")


async def test_wrong_token_is_invalid_auth(stub: SlackStub) -> None:
    client = AsyncWebClient(token="xoxb-wrong", base_url=stub.api_url, retry_handlers=[])

    with pytest.raises(SlackApiError) as raised:
        await client.auth_test()

    assert raised.value.response["error"] == "invalid_auth"


async def test_missing_token_is_not_authed(stub: SlackStub) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(stub.api_url + "auth.test") as response:
            body = await response.json()

    assert body["ok"] is False
    assert body["error"] == "not_authed"


async def test_token_in_form_body_is_accepted(stub: SlackStub) -> None:
    channel = stub.add_channel("cs-inquiries")
    form = {"token": stub.token, "channel": channel.id, "text": "form body"}

    async with aiohttp.ClientSession() as session:
        async with session.post(stub.api_url + "chat.postMessage", data=form) as response:
            body = await response.json()

    assert body["ok"] is True
    assert stub.messages(channel.id)[0].text == "form body"
    assert "token" not in stub.calls("chat.postMessage")[0].args


async def test_post_and_thread_reply_are_stored(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-inquiries")

    parent = await client.chat_postMessage(channel=channel.id, text="parent", blocks=[SECTION])
    reply = await client.chat_postMessage(channel=channel.id, text="note", thread_ts=parent["ts"])

    messages = stub.messages(channel.id)
    assert [m.text for m in messages] == ["parent"]
    assert [r.text for r in messages[0].replies] == ["note"]
    assert messages[0].replies[0].thread_ts == parent["ts"]
    assert reply["message"]["thread_ts"] == parent["ts"]
    assert float(reply["ts"]) > float(parent["ts"])


async def test_calls_are_recorded_with_arguments(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-inquiries")

    await client.chat_postMessage(channel=channel.id, text="hi", blocks=[SECTION])
    with pytest.raises(SlackApiError):
        await client.chat_postMessage(channel="C0MISSING", text="lost")

    calls = stub.calls("chat.postMessage")
    assert len(calls) == 2
    assert calls[0].ok is True
    assert calls[0].args["channel"] == channel.id
    assert calls[0].args["blocks"] == [SECTION]
    assert calls[1].ok is False
    assert calls[1].error == "channel_not_found"


async def test_reply_to_unknown_thread_is_rejected(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-inquiries")

    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel=channel.id, text="x", thread_ts="1.000001")

    assert raised.value.response["error"] == "thread_not_found"


async def test_channel_errors(stub: SlackStub, client: AsyncWebClient) -> None:
    outside = stub.add_channel("general", bot_is_member=False)

    with pytest.raises(SlackApiError) as missing:
        await client.chat_postMessage(channel="C0NOPE", text="x")
    with pytest.raises(SlackApiError) as not_member:
        await client.chat_postMessage(channel=outside.id, text="x")

    assert missing.value.response["error"] == "channel_not_found"
    assert not_member.value.response["error"] == "not_in_channel"


async def test_message_without_content_is_no_text(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-inquiries")

    with pytest.raises(SlackApiError) as raised, pytest.warns(UserWarning, match="`text`"):
        await client.chat_postMessage(channel=channel.id, text="")

    assert raised.value.response["error"] == "no_text"


async def test_update_replaces_content(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-inquiries")
    posted = await client.chat_postMessage(channel=channel.id, text="before")

    await client.chat_update(channel=channel.id, ts=posted["ts"], text="after", blocks=[SECTION])

    message = stub.messages(channel.id)[0]
    assert message.text == "after"
    assert message.blocks == [SECTION]
    assert message.edited_ts is not None


async def test_update_errors(stub: SlackStub, client: AsyncWebClient) -> None:
    user = stub.add_user("agent")
    channel = stub.add_channel("cs-inquiries", members=[user.id])
    posted = await client.chat_postMessage(channel=channel.id, text="before")

    with pytest.raises(SlackApiError) as unknown_ts:
        await client.chat_update(channel=channel.id, ts="1.000001", text="x")
    with pytest.raises(SlackApiError) as user_as_channel:
        await client.chat_update(channel=user.id, ts=posted["ts"], text="x")

    assert unknown_ts.value.response["error"] == "message_not_found"
    assert user_as_channel.value.response["error"] == "channel_not_found"


async def test_ephemeral_needs_member(stub: SlackStub, client: AsyncWebClient) -> None:
    member = stub.add_user("agent")
    stranger = stub.add_user("visitor")
    channel = stub.add_channel("cs-inquiries", members=[member.id])

    response = await client.chat_postEphemeral(channel=channel.id, user=member.id, text="only you")
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postEphemeral(channel=channel.id, user=stranger.id, text="x")

    assert response["message_ts"]
    assert [e.text for e in channel.ephemeral] == ["only you"]
    assert channel.messages == []
    assert raised.value.response["error"] == "user_not_in_channel"


async def test_permalink_points_at_message(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-inquiries")
    posted = await client.chat_postMessage(channel=channel.id, text="x")

    response = await client.chat_getPermalink(channel=channel.id, message_ts=posted["ts"])

    expected_path = f"/archives/{channel.id}/p{posted['ts'].replace('.', '')}"
    assert response["permalink"].endswith(expected_path)


async def test_directory_lookups(stub: SlackStub, client: AsyncWebClient) -> None:
    agent = stub.add_user("agent")
    guest = stub.add_user("partner", team_id="T0PARTNER")
    channel = stub.add_channel("cs-shared", members=[agent.id, guest.id], is_ext_shared=True)
    group = stub.add_usergroup([agent.id])

    info = await client.conversations_info(channel=channel.id)
    members = await client.conversations_members(channel=channel.id)
    guest_info = await client.users_info(user=guest.id)
    group_users = await client.usergroups_users_list(usergroup=group)

    assert info["channel"]["is_ext_shared"] is True
    assert info["channel"]["is_member"] is True
    assert set(members["members"]) == {agent.id, guest.id, stub.bot_user_id}
    assert guest_info["user"]["team_id"] == "T0PARTNER"
    assert group_users["users"] == [agent.id]


async def test_directory_lookup_errors(stub: SlackStub, client: AsyncWebClient) -> None:
    private = stub.add_channel("secret", is_private=True, bot_is_member=False)

    with pytest.raises(SlackApiError) as channel_error:
        await client.conversations_info(channel=private.id)
    with pytest.raises(SlackApiError) as user_error:
        await client.users_info(user="U0NOBODY")
    with pytest.raises(SlackApiError) as group_error:
        await client.usergroups_users_list(usergroup="S0NOGROUP")

    assert channel_error.value.response["error"] == "channel_not_found"
    assert user_error.value.response["error"] == "user_not_found"
    assert group_error.value.response["error"] == "no_such_subteam"


async def test_unknown_method_is_reported(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        await client.api_call("reactions.add", json={"name": "eyes"})

    assert raised.value.response["error"] == "unknown_method"


async def test_files_upload_v2_shares_file(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-digest")
    parent = await client.chat_postMessage(channel=channel.id, text="digest")

    response = await client.files_upload_v2(
        channel=channel.id,
        thread_ts=parent["ts"],
        content=b"date,count\n2026-12-04,3\n",
        filename="digest.csv",
        title="Daily digest",
    )

    file_id = response["file"]["id"]
    reply = stub.messages(channel.id)[0].replies[0]
    assert reply.files == [file_id]
    assert stub.surfaces.files[file_id].content == b"date,count\n2026-12-04,3\n"
    assert [c.method for c in stub.calls()][-3:] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]


async def test_complete_without_upload_fails(stub: SlackStub, client: AsyncWebClient) -> None:
    reserved = await client.files_getUploadURLExternal(filename="a.txt", length=3)

    with pytest.raises(SlackApiError) as raised:
        await client.files_completeUploadExternal(files=[{"id": reserved["file_id"]}])

    assert raised.value.response["error"] == "file_not_found"


async def test_stub_refuses_non_loopback_host() -> None:
    with pytest.raises(ValueError, match="loopback"):
        async with run_slack_stub(host="0.0.0.0"):  # noqa: S104 - the case under test
            pass


async def test_invalid_json_body_is_reported(stub: SlackStub) -> None:
    headers = {"Authorization": f"Bearer {stub.token}", "Content-Type": "application/json"}

    async with aiohttp.ClientSession() as session:
        async with session.post(
            stub.api_url + "chat.postMessage", data=b"{not json", headers=headers
        ) as response:
            body = await response.json()

    assert body["ok"] is False
    assert body["error"] == "invalid_json"
    assert stub.calls("chat.postMessage")[0].error == "invalid_json"


async def test_post_by_channel_name(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-inquiries")

    response = await client.chat_postMessage(channel="#cs-inquiries", text="by name")

    assert response["channel"] == channel.id
    assert stub.messages(channel.id)[0].text == "by name"
