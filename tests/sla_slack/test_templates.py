"""Reply templates from `[[templates]]`: loaded at start, offered in the reply modal's picker."""

from pathlib import Path
from typing import Any

import pytest

from bot.config_errors import ConfigError
from bot.local_env import LocalEnvironment
from bot.settings import Settings, load_settings
from bot.storage.tables import ItemKind
from handlers import ids
from tests.handlers.harness import AGENT, Bot, configure_roles, wait_for

TEMPLATES_TOML = """
[[templates]]
name = "late_parcel"
title_ko = "발송 지연 (설정)"
title_en = "Late parcel (configured)"
body = "안녕하세요, {customer}님. {product} 상품은 {expected_date}에 발송됩니다."
"""


@pytest.fixture
def settings(env: LocalEnvironment, shared_wing_user: bool) -> Settings:
    path = env.workdir / "cs-bot.toml"
    path.write_text(path.read_text(encoding="utf-8") + TEMPLATES_TOML, encoding="utf-8")
    return configure_roles(env, shared_wing_user=shared_wing_user)


def picker_options(view: dict[str, Any]) -> list[str]:
    for block in view["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == ids.ACTION_REPLY_TEMPLATE:
                return [option["value"] for option in element["options"]]
    raise AssertionError("no template picker in the view")


async def test_picker_offers_configured_templates(bot: Bot) -> None:
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)
    item = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)

    await bot.click(AGENT, ids.ACTION_REPLY, item)
    await wait_for(lambda: bot.env.slack.calls("views.update"))

    view = next(iter(bot.env.slack.surfaces.views.values())).payload
    assert picker_options(view) == ["late_parcel"]
    assert "발송 지연 (설정)" in str(view["blocks"])


def test_unknown_variable_rejected_at_start(env: LocalEnvironment, tmp_path: Path) -> None:
    path = tmp_path / "bad-templates.toml"
    original = (env.workdir / "cs-bot.toml").read_text(encoding="utf-8")
    path.write_text(original + TEMPLATES_TOML.replace("{product}", "{prodcut}"), "utf-8")

    with pytest.raises(ConfigError) as raised:
        load_settings({**env.environ, "CS_BOT_CONFIG": str(path)})

    message = str(raised.value)
    assert "late_parcel" in message
    assert "{prodcut}" in message
    assert "did you mean {product}" in message


def test_defaults_without_templates_table(env: LocalEnvironment) -> None:
    settings = load_settings(env.environ)

    names = [template.name for template in settings.templates.templates]
    assert "delivery_delay" in names
    assert "checking_order" in names
