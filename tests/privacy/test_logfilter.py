"""`PersonalDataFilter` masks what reaches log handlers: message, arguments, exceptions."""

import logging
from collections.abc import Iterator

import pytest

from bot.privacy import PersonalDataFilter


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, ListHandler]]:
    handler = ListHandler()
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("tests.privacy.logfilter")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield logger, handler
    finally:
        logger.removeHandler(handler)


def test_filter_masks_message_and_args(captured: tuple[logging.Logger, ListHandler]) -> None:
    logger, handler = captured

    logger.warning("call %s about %r", "010-1234-5678", {"email": "buyer77@example.com"})

    assert handler.lines == ["call 010-****-5678 about {'email': 'bu*****@example.com'}"]


def test_filter_masks_exception_text(captured: tuple[logging.Logger, ListHandler]) -> None:
    logger, handler = captured

    try:
        raise ValueError("수령인 홍길동 주민번호 900101-1234567")
    except ValueError:
        logger.exception("reply failed for inquiry %d", 39352323)

    output = handler.lines[0]
    assert output.startswith("reply failed for inquiry 39352323\nTraceback")
    assert "ValueError: 수령인 홍*동 주민번호 900101-*******" in output
    assert "홍길동" not in output
    assert "1234567" not in output


def test_filter_masks_stack_info(captured: tuple[logging.Logger, ListHandler]) -> None:
    logger, handler = captured

    # The stack text quotes this source line, so it contains the number too.
    logger.info("contact 010-4444-5555", stack_info=True)

    output = handler.lines[0]
    assert "Stack (most recent call last)" in output
    assert 'logger.info("contact 010-****-5555", stack_info=True)' in output
    assert "4444" not in output


def test_filter_keeps_bad_format_records(captured: tuple[logging.Logger, ListHandler]) -> None:
    logger, handler = captured

    logger.error("count %d", "010-1234-5678")

    assert handler.lines == ["count %d (arguments could not be formatted: ('010-****-5678',))"]


def test_filter_leaves_ordinary_lines(captured: tuple[logging.Logger, ListHandler]) -> None:
    logger, handler = captured

    logger.info("coupang.request.done status=%d latency_ms=%d order=%s", 200, 35, 2088995790328)

    assert handler.lines == ["coupang.request.done status=200 latency_ms=35 order=2088995790328"]


class RecordHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def records() -> Iterator[tuple[logging.Logger, RecordHandler]]:
    handler = RecordHandler()
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("tests.privacy.logfilter.records")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield logger, handler
    finally:
        logger.removeHandler(handler)


def test_filter_masks_extra_strings(records: tuple[logging.Logger, RecordHandler]) -> None:
    logger, handler = records

    logger.warning("slack.call.failed", extra={"error": "수령인 홍길동 010-2345-6789"})

    assert vars(handler.records[0])["error"] == "수령인 홍*동 010-****-6789"


def test_filter_masks_extra_objects(records: tuple[logging.Logger, RecordHandler]) -> None:
    logger, handler = records
    error = ValueError("buyer minjun.kim@example.com")

    logger.warning("reply.failed", extra={"cause": error, "recipients": ["010-2345-6789"]})

    fields = vars(handler.records[0])
    assert fields["cause"] == "buyer mi********@example.com"
    assert fields["recipients"] == "['010-****-6789']"


def test_filter_keeps_extra_numbers_and_ids(records: tuple[logging.Logger, RecordHandler]) -> None:
    logger, handler = records

    logger.info(
        "poll.done",
        extra={
            "attempt": 2,
            "ok": True,
            "ratio": 0.5,
            "channel": "C0123456789",
            "order": "2088995790328",
        },
    )

    fields = vars(handler.records[0])
    assert fields["attempt"] == 2
    assert fields["ok"] is True
    assert fields["ratio"] == 0.5
    assert fields["channel"] == "C0123456789"
    assert fields["order"] == "2088995790328"


def test_filter_keeps_standard_attributes(records: tuple[logging.Logger, RecordHandler]) -> None:
    logger, handler = records

    logger.info("poll.done")

    record = handler.records[0]
    assert record.name == "tests.privacy.logfilter.records"
    assert record.levelname == "INFO"
    assert isinstance(record.lineno, int)
