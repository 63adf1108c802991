"""Slack Web API calls of the outbox: per-channel pacing, 429 handling and error classes.

The `AsyncWebClient` given here must not carry a rate-limit retry handler: a 429 is returned
as `SendOutcome.RATE_LIMITED` with Slack's `Retry-After`, so the outbox worker can reschedule
the entry and keep sending to other channels meanwhile.
"""

import asyncio
import dataclasses
import enum
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.metrics import Metrics

log = logging.getLogger(__name__)

# Slack allows about one chat.postMessage per second per channel, with short bursts.
DEFAULT_CHANNEL_INTERVAL = 1.0
# Used when a 429 carries no Retry-After header.
DEFAULT_RETRY_AFTER = 2.0
# Metadata event type that marks the bot's posts; its payload carries the outbox key.
METADATA_EVENT_TYPE = "cs_bot_outbox"

# Slack error codes that will fail again on retry: fix the configuration instead.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "missing_scope",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
        "restricted_action",
        "ekm_access_denied",
        "access_denied",
        "invalid_metadata_format",
    }
)


class SendOutcome(enum.Enum):
    """Result class of one Slack call."""

    SENT = "sent"
    RATE_LIMITED = "rate_limited"
    RETRYABLE = "retryable"
    PERMANENT = "permanent"


@dataclass(frozen=True)
class SendResult:
    """Outcome of one call: `ts` of the message on success, `retry_after` in seconds on 429."""

    outcome: SendOutcome
    ts: str | None = None
    channel: str | None = None
    retry_after: float | None = None
    error: str | None = None


class ChannelPacer:
    """Space calls to each channel at least `interval` seconds apart, and honour 429 pauses."""

    def __init__(self, interval: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._interval = interval
        self._monotonic = monotonic
        self._next_allowed: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def blocked_for(self, channel: str) -> float:
        """Return how many seconds remain before `channel` may be called again."""
        return max(0.0, self._next_allowed.get(channel, 0.0) - self._monotonic())

    def pause(self, channel: str, seconds: float) -> None:
        """Block `channel` for `seconds`, as Slack asked with Retry-After."""
        until = self._monotonic() + seconds
        self._next_allowed[channel] = max(self._next_allowed.get(channel, 0.0), until)

    async def wait_turn(self, channel: str) -> None:
        """Sleep until `channel` may be called, then reserve the next slot."""
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            delay = self.blocked_for(channel)
            if delay > 0:
                await asyncio.sleep(delay)
            self._next_allowed[channel] = self._monotonic() + self._interval


class SlackSender:
    """Send chat.postMessage and chat.update calls and classify the result."""

    def __init__(
        self,
        client: AsyncWebClient,
        metrics: Metrics,
        *,
        channel_interval: float = DEFAULT_CHANNEL_INTERVAL,
    ) -> None:
        self._client = client
        self._metrics = metrics
        self.pacer = ChannelPacer(channel_interval)

    async def post_message(
        self,
        *,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None,
        outbox_key: str,
        thread_ts: str | None = None,
    ) -> SendResult:
        """Post a message that carries `outbox_key` in its metadata, for crash reconciliation."""
        metadata = {"event_type": METADATA_EVENT_TYPE, "event_payload": {"key": outbox_key}}
        return await self._call(
            "chat.postMessage",
            channel,
            lambda: self._client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                thread_ts=thread_ts,
                metadata=metadata,
                unfurl_links=False,
                unfurl_media=False,
            ),
        )

    async def update_message(
        self, *, channel: str, ts: str, text: str, blocks: list[dict[str, Any]] | None
    ) -> SendResult:
        """Replace the text and blocks of the message at `ts`."""
        return await self._call(
            "chat.update",
            channel,
            lambda: self._client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks),
        )

    async def upload_file(
        self, *, channel: str, content: bytes, filename: str, title: str, initial_comment: str
    ) -> SendResult:
        """Share a file in `channel` with `initial_comment` as its message, via files_upload_v2.

        The result has no `ts`, because Slack posts the file message asynchronously.
        """
        result = await self._call(
            "files.completeUploadExternal",
            channel,
            lambda: self._client.files_upload_v2(
                channel=channel,
                file=content,
                filename=filename,
                title=title,
                initial_comment=initial_comment,
            ),
        )
        return dataclasses.replace(result, ts=None)

    async def find_posted(
        self, *, channel: str, outbox_key: str, oldest_ts: str, thread_ts: str | None = None
    ) -> str | None:
        """Return the ts of a message the bot already posted for `outbox_key`, or None.

        Used only for an entry whose send was interrupted, so a post that reached Slack is
        not posted twice. Raises `SlackApiError` or `aiohttp.ClientError` when Slack cannot
        be read, so the caller keeps the entry for a later check instead of re-sending.
        """
        await self.pacer.wait_turn(channel)
        if thread_ts is not None:
            response = await self._client.conversations_replies(
                channel=channel, ts=thread_ts, oldest=oldest_ts, include_all_metadata=True
            )
        else:
            response = await self._client.conversations_history(
                channel=channel, oldest=oldest_ts, include_all_metadata=True, limit=200
            )
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_EVENT_TYPE and payload.get("key") == (
                outbox_key
            ):
                return str(message["ts"])
        return None

    async def _call(
        self, method: str, channel: str, send: Callable[[], Awaitable[AsyncSlackResponse]]
    ) -> SendResult:
        await self.pacer.wait_turn(channel)
        try:
            response = await send()
        except SlackApiError as exc:
            return self._classify_api_error(method, channel, exc)
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._metrics.slack_calls.labels(method=method, outcome="error").inc()
            log.warning(
                "slack.call.failed", extra={"channel": channel, "error": type(exc).__name__}
            )
            return SendResult(SendOutcome.RETRYABLE, error=type(exc).__name__)

        self._metrics.slack_calls.labels(method=method, outcome="ok").inc()
        return SendResult(
            SendOutcome.SENT, ts=str(response.get("ts")), channel=str(response.get("channel"))
        )

    def _classify_api_error(self, method: str, channel: str, exc: SlackApiError) -> SendResult:
        response = exc.response
        code = str(response.get("error") or "unknown") if response is not None else "unknown"
        if response is not None and response.status_code == 429:
            retry_after = _retry_after_seconds(response.headers)
            self.pacer.pause(channel, retry_after)
            self._metrics.slack_calls.labels(method=method, outcome="rate_limited").inc()
            log.warning(
                "slack.call.rate_limited",
                extra={"channel": channel, "retry_after": retry_after, "slack_method": method},
            )
            return SendResult(SendOutcome.RATE_LIMITED, retry_after=retry_after, error=code)

        self._metrics.slack_calls.labels(method=method, outcome="error").inc()
        outcome = SendOutcome.PERMANENT if code in PERMANENT_ERRORS else SendOutcome.RETRYABLE
        log.warning(
            "slack.call.failed",
            extra={"channel": channel, "error": code, "slack_method": method},
        )
        return SendResult(outcome, error=code)


def _retry_after_seconds(headers: Any) -> float:
    raw = None
    if headers is not None:
        for key, value in dict(headers).items():
            if str(key).lower() == "retry-after":
                raw = value[0] if isinstance(value, list) else value
    try:
        return max(0.0, float(raw)) if raw is not None else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER
