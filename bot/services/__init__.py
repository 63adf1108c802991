"""Use cases of the bot: polling, the outbox, replies and approvals; no Slack wording."""
