"""The App Home view of one user, built with `slack_sdk.models` so Slack's limits are checked.

Item lines show the kind, the Coupang id, the masked product name and the deadline, with a
button that opens the item's Slack message. Product names pass `mask_text` again. The other
texts are labels, ids, times and user mentions that this module writes itself.
"""

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.privacy import mask_text
from bot.services.home import HomeData, TeamSummary
from bot.storage import StoredItem
from handlers.blocks import SLACK_USER_ID
from handlers.cards import kind_label
from handlers.formatting import describe_deadline, escape_mrkdwn, format_time, truncate_plain
from handlers.texts import Lang, text

# `action_id` prefix of the buttons that open an item's message. They carry a URL, so the
# app only acknowledges the click.
ACTION_HOME_OPEN_ITEM = "home_open_item"
MAX_PRODUCT_NAME = 60


def build_home_view(
    data: HomeData,
    *,
    permalinks: Mapping[int, str],
    lang: Lang,
    tz: tzinfo,
    now: datetime,
) -> dict[str, Any]:
    """Build the Home view of `data.user_id` and return it as the `views.publish` payload.

    Raises `slack_sdk.errors.SlackObjectFormationError` when a block breaks Slack's limits.
    """
    blocks: list[Block] = [
        HeaderBlock(text=text("home.title", lang)),
        ContextBlock(
            elements=[
                MarkdownTextObject(text=text("home.updated", lang, time=format_time(now, tz)))
            ]
        ),
    ]
    claimed_title = text("home.claimed", lang)
    blocks += _item_section(claimed_title, data.claimed, permalinks, lang, tz, now)
    nearest_title = text("home.nearest", lang)
    blocks += _item_section(nearest_title, data.nearest, permalinks, lang, tz, now)
    answered_title = text(
        "home.answered",
        lang,
        count=data.answered_count,
        since=format_time(data.week_start, tz),
    )
    blocks += _item_section(answered_title, data.answered_this_week, permalinks, lang, tz, now)
    if data.team is not None:
        blocks += _team_section(data.team, lang)
    view = View(type="home", blocks=blocks)
    view.validate_json()
    payload: dict[str, Any] = view.to_dict()
    return payload


def _item_section(
    title: str,
    items: list[StoredItem],
    permalinks: Mapping[int, str],
    lang: Lang,
    tz: tzinfo,
    now: datetime,
) -> list[Block]:
    blocks: list[Block] = [
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text=f"*{title}*")),
    ]
    if not items:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=text("home.none", lang))]))
        return blocks
    for item in items:
        blocks.append(_item_line(item, permalinks.get(item.id), lang, tz, now))
    return blocks


def _item_line(
    item: StoredItem, permalink: str | None, lang: Lang, tz: tzinfo, now: datetime
) -> SectionBlock:
    display = item.display or {}
    product = mask_text(str(display.get("product_name") or ""))
    product = escape_mrkdwn(truncate_plain(product, MAX_PRODUCT_NAME)) if product else "-"
    if item.closed_at is None:
        overdue = item.deadline_at is not None and item.deadline_at < now
        deadline = describe_deadline(item.deadline_at, overdue=overdue, now=now, tz=tz, lang=lang)
    else:
        deadline = format_time(item.answered_at or item.closed_at, tz)
    line = f"*{kind_label(item.kind, lang)}* #{item.coupang_id} · {product}\n{deadline}"
    if item.claimed_by:
        line += f" · {_user_reference(item.claimed_by)}"
    accessory = None
    if permalink is not None:
        accessory = ButtonElement(
            text=text("home.open", lang),
            action_id=f"{ACTION_HOME_OPEN_ITEM}:{item.id}",
            url=permalink,
            value=str(item.id),
        )
    return SectionBlock(text=MarkdownTextObject(text=line), accessory=accessory)


def _team_section(team: TeamSummary, lang: Lang) -> list[Block]:
    none = text("home.none", lang)
    open_lines = "\n".join(
        f"• {_user_reference(user)}: {count}" for user, count in team.open_by_assignee.items()
    )
    answer_lines = "\n".join(
        f"• {_user_reference(user)}: {count}" for user, count in team.answers_by_user.items()
    )
    totals = text("home.team.totals", lang, unclaimed=team.unclaimed, overdue=team.overdue)
    return [
        DividerBlock(),
        HeaderBlock(text=text("home.team", lang)),
        SectionBlock(text=MarkdownTextObject(text=totals)),
        SectionBlock(
            text=MarkdownTextObject(text=text("home.team.open", lang, lines=open_lines or none))
        ),
        SectionBlock(
            text=MarkdownTextObject(
                text=text("home.team.answers", lang, lines=answer_lines or none)
            )
        ),
    ]


def _user_reference(user_id: str) -> str:
    """Mention a Slack user id, and show any other id (a WING user id) as escaped text."""
    if SLACK_USER_ID.fullmatch(user_id):
        return f"<@{user_id}>"
    return escape_mrkdwn(user_id)
