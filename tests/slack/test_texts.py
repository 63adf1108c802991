"""Korean and English texts match key for key and placeholder for placeholder."""

import string

import pytest

from handlers import ids
from handlers.cards import (
    CallCenterStatus,
    ExchangeStatus,
    ItemKind,
    ProductInquiryStatus,
    ReturnStatus,
    kind_label,
)
from handlers.texts import TEXTS, Lang, parse_lang, text


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_languages_have_same_keys() -> None:
    assert set(TEXTS[Lang.KO]) == set(TEXTS[Lang.EN])


def test_languages_have_same_placeholders() -> None:
    for key, korean in TEXTS[Lang.KO].items():
        assert placeholders(korean) == placeholders(TEXTS[Lang.EN][key]), key


def test_no_text_is_empty() -> None:
    for lang, table in TEXTS.items():
        for key, value in table.items():
            assert value.strip(), f"{lang.value}:{key}"


@pytest.mark.parametrize("lang", list(Lang))
def test_every_status_has_label(lang: Lang) -> None:
    for enum in (ProductInquiryStatus, CallCenterStatus, ReturnStatus, ExchangeStatus):
        for status in enum:
            assert status.label(lang), status
    for kind in ItemKind:
        assert kind_label(kind, lang), kind


def test_unknown_key_raises() -> None:
    with pytest.raises(KeyError, match="no_such_key"):
        text("no_such_key")


def test_parse_lang() -> None:
    assert parse_lang(" EN ") is Lang.EN
    with pytest.raises(ValueError, match="expected one of ko, en"):
        parse_lang("jp")


def test_action_ids_are_unique() -> None:
    assert len(set(ids.ITEM_ACTION_IDS)) == len(ids.ITEM_ACTION_IDS)


def test_item_block_id_round_trip() -> None:
    assert ids.parse_item_block_id(ids.item_block_id(42, "actions")) == (42, "actions")
    assert ids.parse_item_block_id("summary") is None
    assert ids.parse_item_block_id("item:abc:actions") is None
