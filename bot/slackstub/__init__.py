"""A local stand-in for Slack's Web API, for tests and the demo.

`async with run_slack_stub() as stub:` starts it on 127.0.0.1; point
`AsyncWebClient(token=stub.token, base_url=stub.api_url)` at it, set up channels and users
with the `SlackStub` helpers, and read back `stub.calls()` and `stub.messages(channel_id)`.
"""

from bot.slackstub.clock import Clock, ManualClock
from bot.slackstub.server import build_stub_app, run_slack_stub
from bot.slackstub.stub import DEFAULT_BOT_TOKEN, RecordedCall, SlackStub
from bot.slackstub.transcript import render_transcript

__all__ = [
    "DEFAULT_BOT_TOKEN",
    "Clock",
    "ManualClock",
    "RecordedCall",
    "SlackStub",
    "build_stub_app",
    "render_transcript",
    "run_slack_stub",
]
