"""Reply text validation: control characters, blank text and line breaks."""

import pytest

from bot.services.actions.replies import ReplyProblem, ReplyTextError, validate_reply_text
from bot.storage.tables import ItemKind
from bot.unicode_text import strip_bidi_controls
from handlers.interactions import describe_reply_problem
from handlers.texts import Lang

ONLINE = ItemKind.ONLINE_INQUIRY


def problem_of(text: str, kind: ItemKind = ONLINE) -> ReplyTextError:
    with pytest.raises(ReplyTextError) as raised:
        validate_reply_text(text, kind)
    return raised.value


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("\x00안녕하세요", ("\x00",)),
        ("안녕\x07하세요\x07", ("\x07",)),
        ("\x1b[31m안녕하세요\x1b[0m", ("\x1b",)),
        ("안녕하세요\x7f", ("\x7f",)),
        ("안녕하세요\x9b", ("\x9b",)),
        ("안녕\u202e하세요", ("\u202e",)),
        ("안녕\u2066하세요\u2069", ("\u2066", "\u2069")),
        ("\x01\x02\x03\x04 안녕", ("\x01", "\x02", "\x03")),
    ],
    ids=["nul", "bel-twice", "ansi", "del", "c1-csi", "rlo", "isolates", "named-max-three"],
)
def test_control_characters_rejected(reply: str, expected: tuple[str, ...]) -> None:
    error = problem_of(reply)

    assert error.problem is ReplyProblem.CONTROL_CHARACTERS
    assert error.characters == expected


def test_control_character_message_names_code_points() -> None:
    error = problem_of("안녕\x00하세요\x1b")

    assert error.character_names == "U+0000, U+001B"
    assert "U+0000, U+001B" in describe_reply_problem(error, Lang.KO)
    assert "U+0000, U+001B" in describe_reply_problem(error, Lang.EN)


@pytest.mark.parametrize(
    "reply",
    [" \n\t ", "\u200b\u200b", "\ufeff \u200d", "\u3164\u3164", "\u2060\u115f\u1160"],
    ids=["whitespace", "zero-width-spaces", "bom-and-joiner", "hangul-filler", "fillers"],
)
def test_invisible_only_text_is_empty(reply: str) -> None:
    assert problem_of(reply).problem is ReplyProblem.EMPTY


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("첫 줄\r\n둘째 줄\r셋째 줄", "첫 줄\n둘째 줄\n셋째 줄"),
        ("이름\t수량", "이름 수량"),
        ("가족 👨\u200d👩\u200d👧 선물", "가족 👨\u200d👩\u200d👧 선물"),
        ("  앞뒤 공백  \n", "앞뒤 공백"),
    ],
    ids=["line-breaks", "tab", "emoji-joiner", "trimmed"],
)
def test_accepted_text_is_normalised(reply: str, expected: str) -> None:
    assert validate_reply_text(reply, ONLINE) == expected


def test_call_center_limits_still_apply() -> None:
    error = problem_of("가", ItemKind.CALL_CENTER_INQUIRY)

    assert error.problem is ReplyProblem.TOO_SHORT


def test_strip_bidi_controls_keeps_other_text() -> None:
    text = "\u202e주문\u202c 번호 \u2067123\u2069 \u200f확인"

    assert strip_bidi_controls(text) == "주문 번호 123 \u200f확인"
