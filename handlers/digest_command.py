"""`/cs digest`: today's daily digest, shown only to the user who typed it."""

from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Role
from bot.services.actions.types import Actor
from bot.services.digest_job import DigestJob
from handlers.interactions import Surface
from handlers.texts import text


async def show_digest_to(
    surface: Surface,
    digest: DigestJob,
    client: AsyncWebClient,
    actor: Actor,
    *,
    channel_id: str,
) -> None:
    """Post each digest channel's digest as an ephemeral message to `actor`.

    Staff only (agent, manager or admin). The text is masked like the daily post, and the
    chart is left out because an ephemeral message cannot carry a file.
    """
    lang = surface.lang
    if Role.AGENT not in actor.roles:
        message = text("cs.digest.forbidden", lang)
        await surface.tell(client, channel_id=channel_id, user_id=actor.user_id, message=message)
        return
    reports = await digest.build_reports(with_chart=False)
    if not reports:
        message = text("cs.digest.empty", lang)
        await surface.tell(client, channel_id=channel_id, user_id=actor.user_id, message=message)
        return
    for report in reports:
        heading = text("cs.digest.channel", lang, channel=report.channel)
        await surface.tell(
            client,
            channel_id=channel_id,
            user_id=actor.user_id,
            message=f"{heading}\n{report.text}",
        )
