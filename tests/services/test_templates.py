"""Reply templates: defaults, validation at load, rendering and the call-center length limit."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from bot.services.templates import (
    CALL_CENTER_MAX_CHARS,
    KNOWN_VARIABLES,
    MissingTemplateValueError,
    ReplyLengthError,
    ReplyTemplate,
    TemplateNotFoundError,
    TemplateSettings,
    TemplateValues,
    render_reply,
)
from bot.storage.tables import ItemKind

# 2025-11-11 23:30 UTC is already 2025-11-12 in Seoul.
NOW = datetime(2025, 11, 11, 23, 30, tzinfo=UTC)
FULL_VALUES = TemplateValues(
    now=NOW,
    customer_masked="김**",
    product="텀블러 500ml",
    order_id="31000012345678",
    inquiry_id="846",
    agent="상담원 이서연",
    store="합성상점",
    courier="CJ대한통운",
    invoice_number="123456789012",
    expected_date="11월 20일",
)


def template(body: str, name: str = "custom_reply") -> ReplyTemplate:
    return ReplyTemplate(name=name, title_ko="테스트", title_en="Test", body=body)


def test_default_templates_load() -> None:
    names = [item.name for item in TemplateSettings().templates]

    assert {"delivery_delay", "return_guide", "exchange_guide", "restock"} <= set(names)
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", [item.name for item in TemplateSettings().templates])
def test_default_template_renders_for_call_center(name: str) -> None:
    reply_template = TemplateSettings().get(name)

    text = render_reply(reply_template, FULL_VALUES, kind=ItemKind.CALL_CENTER_INQUIRY)

    assert reply_template.variables <= KNOWN_VARIABLES.keys()
    assert "{" not in text
    assert "}" not in text
    assert "김**님" in text
    assert "\n" in text
    assert "\r" not in text
    assert 2 <= len(text) <= CALL_CENTER_MAX_CHARS
    assert reply_template.title_ko
    assert reply_template.title_en


def test_default_templates_are_polite_korean() -> None:
    for reply_template in TemplateSettings().templates:
        assert reply_template.body.startswith("안녕하세요, {customer}님."), reply_template.name
        assert "감사합니다" in reply_template.body, reply_template.name


def test_unknown_variable_rejected_with_suggestion() -> None:
    with pytest.raises(ValidationError) as caught:
        template("{prodcut} 상품 문의 감사합니다.", name="typo_reply")

    message = str(caught.value)
    assert "'typo_reply'" in message
    assert "unknown variable {prodcut}" in message
    assert "did you mean {product}?" in message
    assert "Known variables: {agent}, {courier}" in message


def test_unknown_variable_in_config_rejected() -> None:
    config = {"templates": [{"name": "x", "title_ko": "엑스", "title_en": "X", "body": "{phone}"}]}

    with pytest.raises(ValidationError, match=r"'x' uses unknown variable \{phone\}"):
        TemplateSettings.model_validate(config)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{} 감사합니다", "empty placeholder"),
        ("{0} 감사합니다", r"unknown variable \{0\}"),
        ("{product.name} 감사합니다", r"unknown variable \{product.name\}"),
        ("{product!r} 감사합니다", r"has \{product!r\}"),
        ("{product:>10} 감사합니다", r"has \{product:>10\}"),
        ("{product 감사합니다", "unbalanced brace"),
        ("감사합니다 }", "unbalanced brace"),
    ],
)
def test_invalid_placeholders_rejected(body: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        template(body)


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "Bad Name", "title_ko": "가", "title_en": "A", "body": "안녕하세요"},
        {"name": "ok", "title_ko": "", "title_en": "A", "body": "안녕하세요"},
        {"name": "ok", "title_ko": "가", "title_en": "A", "body": "안"},
        {"name": "ok", "title_ko": "가", "title_en": "A", "body": "안녕", "extra": "x"},
    ],
)
def test_invalid_template_fields_rejected(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        ReplyTemplate.model_validate(fields)


def test_duplicate_template_names_rejected() -> None:
    with pytest.raises(ValidationError, match=r"duplicated: \['same'\]"):
        TemplateSettings(templates=(template("안녕하세요", "same"), template("반갑습니다", "same")))


def test_custom_templates_replace_defaults() -> None:
    settings = TemplateSettings.model_validate(
        {"templates": [{"name": "hi", "title_ko": "인사", "title_en": "Hi", "body": "{agent}"}]}
    )

    assert [item.name for item in settings.templates] == ["hi"]
    with pytest.raises(TemplateNotFoundError, match="'restock' not found; known templates: hi"):
        settings.get("restock")


def test_render_fills_variables_and_today() -> None:
    reply_template = template("{customer}님, {product} ({order_id}) {today}\n{agent} 드림")

    text = render_reply(reply_template, FULL_VALUES)

    assert text == "김**님, 텀블러 500ml (31000012345678) 2025년 11월 12일\n상담원 이서연 드림"


def test_render_without_customer_uses_generic_title() -> None:
    values = TemplateValues(now=NOW)

    assert render_reply(template("{customer}님 안녕하세요"), values) == "고객님 안녕하세요"


def test_unmasked_customer_rejected_without_echo() -> None:
    with pytest.raises(ValueError, match="must be a masked name") as caught:
        TemplateValues(now=NOW, customer_masked="김민준")

    assert "김민준" not in str(caught.value)


def test_render_missing_value_names_variables() -> None:
    values = TemplateValues(now=NOW, product="텀블러")

    with pytest.raises(MissingTemplateValueError) as caught:
        render_reply(TemplateSettings().get("shipped"), values)

    assert caught.value.missing == ["agent", "courier", "invoice_number"]
    assert "'shipped' needs a value for {agent}, {courier}, {invoice_number}" in str(caught.value)


def test_render_keeps_slack_characters_and_normalizes_breaks() -> None:
    reply_template = template("<확인> & 안내\r\n첫째 줄\r둘째 줄\u2028셋째 줄\n{{쿠폰}} {product}")
    values = TemplateValues(now=NOW, product="{agent} <b>")

    text = render_reply(reply_template, values)

    assert text == "<확인> & 안내\n첫째 줄\n둘째 줄\n셋째 줄\n{쿠폰} {agent} <b>"


def test_call_center_reply_length_limit() -> None:
    at_limit = template("가" * CALL_CENTER_MAX_CHARS)
    over_limit = template("가" * (CALL_CENTER_MAX_CHARS - 5) + "{product}")
    values = TemplateValues(now=NOW, product="텀블러 500ml")  # 9 characters: 995 + 9 = 1004

    assert len(render_reply(at_limit, values, kind=ItemKind.CALL_CENTER_INQUIRY)) == 1000
    with pytest.raises(ReplyLengthError, match="has 1004 characters; Coupang accepts 2–1000"):
        render_reply(over_limit, values, kind=ItemKind.CALL_CENTER_INQUIRY)
    # Product-inquiry replies have no documented maximum, so the same text passes.
    assert len(render_reply(over_limit, values)) == 1004


def test_call_center_reply_minimum_length() -> None:
    short = template("{product}")
    values = TemplateValues(now=NOW, product="가")

    with pytest.raises(ReplyLengthError, match="has 1 characters"):
        render_reply(short, values, kind=ItemKind.CALL_CENTER_INQUIRY)
    assert render_reply(short, values) == "가"


def test_blank_reply_rejected() -> None:
    values = TemplateValues(now=NOW, product="   ")

    with pytest.raises(ReplyLengthError, match="is blank"):
        render_reply(template("{product}\n"), values)


def test_template_values_reject_naive_now() -> None:
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        TemplateValues(now=datetime(2025, 11, 12, 9))  # noqa: DTZ001
