"""Render the stand-in's channels as readable text: messages, cards, threads, ephemeral notes."""

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from bot.slackstub.stub import SlackStub
from bot.slackstub.workspace import Channel, Message

INDENT = "    "


def render_transcript(
    stub: SlackStub, *, channel_ids: Sequence[str] | None = None, tz: tzinfo = UTC
) -> str:
    """Render each channel (all, or `channel_ids` in that order) with its threads, times in `tz`."""
    ids = list(channel_ids) if channel_ids is not None else list(stub.workspace.channels)
    sections = [_render_channel(stub, stub.workspace.channels[cid], tz) for cid in ids]
    return "\n\n".join(sections) + "\n"


def render_blocks(blocks: Sequence[dict[str, Any]]) -> list[str]:
    """Render Block Kit blocks as text lines; buttons appear as `[Button label]`."""
    lines: list[str] = []
    for block in blocks:
        lines.extend(_render_block(block))
    return lines


def _render_channel(stub: SlackStub, channel: Channel, tz: tzinfo) -> str:
    lines = [f"#{channel.name} ({channel.id})"]
    if not channel.messages and not channel.ephemeral:
        lines.append(f"{INDENT}(no messages)")
    for message in channel.messages:
        lines.extend(_render_message(stub, message, tz, indent=INDENT))
        for reply in message.replies:
            lines.extend(_render_message(stub, reply, tz, indent=INDENT * 2, marker="↳ "))
    for note in channel.ephemeral:
        recipient = _user_name(stub, note.user)
        time = _clock_time(note.message_ts, tz)
        lines.append(f"{INDENT}{time} (only visible to @{recipient})")
        body = render_blocks(note.blocks) if note.blocks else note.text.splitlines()
        lines.extend(f"{INDENT * 2}{line}" for line in body)
    return "\n".join(lines)


def _render_message(
    stub: SlackStub, message: Message, tz: tzinfo, *, indent: str, marker: str = ""
) -> list[str]:
    edited = " (edited)" if message.edited_ts else ""
    author = _user_name(stub, message.user)
    lines = [f"{indent}{marker}{_clock_time(message.ts, tz)} {author}{edited}:"]
    body = render_blocks(message.blocks) if message.blocks else message.text.splitlines()
    for file_id in message.files:
        uploaded = stub.surfaces.files.get(file_id)
        title = uploaded.title or uploaded.filename if uploaded else file_id
        body.append(f"[file: {title}]")
    lines.extend(f"{indent}{INDENT}{line}" for line in body)
    return lines


def _render_block(block: dict[str, Any]) -> list[str]:
    block_type = block.get("type")
    if block_type == "header":
        return [f"== {_text(block.get('text'))} =="]
    if block_type == "section":
        return _render_section(block)
    if block_type == "context":
        parts = [_text(element) or "[image]" for element in block.get("elements", [])]
        return [f"({' · '.join(parts)})"]
    if block_type == "actions":
        return [" ".join(_render_element(element) for element in block.get("elements", []))]
    if block_type == "divider":
        return ["----"]
    if block_type == "input":
        return [f"[input: {_text(block.get('label'))}]"]
    if block_type == "image":
        return [f"[image: {block.get('alt_text', '')}]"]
    return [f"[{block_type} block]"]


def _render_section(block: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if block.get("text"):
        lines.extend(_text(block["text"]).splitlines())
    for field in block.get("fields", []):
        lines.append("- " + _text(field).replace("\n", " "))
    accessory = block.get("accessory")
    if isinstance(accessory, dict):
        lines.append(_render_element(accessory))
    return lines


def _render_element(element: dict[str, Any]) -> str:
    if element.get("type") == "button":
        return f"[{_text(element.get('text'))}]"
    label = _text(element.get("placeholder")) or element.get("type", "element")
    return f"[{label} ▾]"


def _text(text_object: Any) -> str:
    if isinstance(text_object, dict):
        return str(text_object.get("text", ""))
    return ""


def _user_name(stub: SlackStub, user_id: str) -> str:
    user = stub.workspace.users.get(user_id)
    return user.name if user else user_id


def _clock_time(ts: str, tz: tzinfo) -> str:
    return datetime.fromtimestamp(float(ts), tz=tz).strftime("%H:%M:%S")
