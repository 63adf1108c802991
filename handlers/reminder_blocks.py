"""Thread replies for SLA reminder points: reminder, escalation and overdue."""

from datetime import datetime, tzinfo

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from handlers.blocks import SlackMessage
from handlers.formatting import describe_deadline, format_time
from handlers.texts import DEFAULT_LANG, Lang, text

# `note` value of an outbox thread note that carries an SLA reminder point.
SLA_REMINDER_NOTE = "sla_reminder"


def build_sla_reminder(
    *,
    level: str,
    percent: int,
    deadline_at: datetime,
    now: datetime,
    assignee: str | None,
    managers_mention: str | None,
    lang: Lang = DEFAULT_LANG,
    tz: tzinfo,
) -> SlackMessage:
    """Build the thread reply of one reminder point.

    `level` is a `bot.services.sla.ReminderLevel` value. The escalation and overdue replies
    mention the managers' group when one is configured. Every reply mentions the assignee or
    says that nobody has claimed the item.
    """
    deadline = format_time(deadline_at, tz)
    if level == "overdue":
        sentence = text("sla.overdue", lang, deadline=deadline)
    else:
        time_left = describe_deadline(deadline_at, overdue=False, now=now, tz=tz, lang=lang)
        # describe_deadline repeats the deadline time before the part in brackets.
        time_left = time_left.removeprefix(deadline).strip().strip("()")
        key = "sla.escalation" if level == "escalation" else "sla.reminder"
        sentence = text(key, lang, percent=percent, time_left=time_left, deadline=deadline)

    mentions = []
    if assignee is not None:
        mentions.append(text("sla.assignee", lang, user=f"<@{assignee}>"))
    else:
        mentions.append(text("sla.unassigned", lang))
    if managers_mention is not None and level != "reminder":
        mentions.append(managers_mention)
    blocks: tuple[Block, ...] = (
        SectionBlock(text=MarkdownTextObject(text=sentence)),
        ContextBlock(elements=[MarkdownTextObject(text=" · ".join(mentions))]),
    )
    return SlackMessage(text=sentence, blocks=blocks)
