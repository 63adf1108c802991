"""SandboxState: deterministic seeding, synthetic names, timed arrivals and the clock."""

import json
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from coupang.sandbox import SandboxClock, SandboxState, run_sandbox
from coupang.sandbox.data import COMPOUND_SURNAMES, SyntheticData
from coupang.sandbox.state import MAX_ARRIVALS_PER_TICK
from tests.sandbox.conftest import API, FROZEN_START, SandboxClient

VENDOR_ID = "A00012345"


def snapshot(state: SandboxState) -> str:
    now = state.clock.now()
    store = state.store
    items = [i.to_json(now) for i in store.product_inquiries.values()]
    items += [i.to_json(now) for i in store.call_center_inquiries.values()]
    items += [r.to_json() for r in store.returns.values()]
    items += [e.to_json(now) for e in store.exchanges.values()]
    keys = [(v.vendor_id, v.access_key, v.secret_key) for v in state.vendors]
    return json.dumps([items, keys], ensure_ascii=False, sort_keys=True)


def frozen_state(
    seed: int,
    *,
    vendor_ids: tuple[str, ...] = (VENDOR_ID,),
    arrival_interval: timedelta | None = None,
) -> SandboxState:
    return SandboxState(
        seed=seed,
        clock=SandboxClock(FROZEN_START),
        vendor_ids=vendor_ids,
        arrival_interval=arrival_interval,
    )


def test_same_seed_same_data() -> None:
    assert snapshot(frozen_state(5)) == snapshot(frozen_state(5))


def test_other_seed_other_data() -> None:
    assert snapshot(frozen_state(5)) != snapshot(frozen_state(6))


def test_vendor_keys_differ_per_vendor() -> None:
    state = frozen_state(5, vendor_ids=("A00012345", "C00054321"))

    first, second = state.vendors

    assert first.access_key != second.access_key
    assert first.secret_key != second.secret_key
    assert first.secret_key not in repr(first)


def test_names_cover_lengths_and_compound_surnames() -> None:
    data = SyntheticData(11)

    names = [data.name() for _ in range(400)]

    assert {len(name) for name in names} == {2, 3, 4}
    assert any(name[:2] in COMPOUND_SURNAMES for name in names)
    assert all(value.kind == "name" for value in data.planted)


def test_safe_numbers_use_050x() -> None:
    data = SyntheticData(11)

    numbers = [data.safe_number() for _ in range(50)]

    assert all(number[:4] in {f"050{d}" for d in "2345678"} for number in numbers)


def test_emails_use_reserved_domains() -> None:
    data = SyntheticData(11)

    domains = {data.email().split("@")[1] for _ in range(50)}

    assert domains <= {"example.com", "example.net", "example.org"}


def test_items_arrive_with_clock() -> None:
    state = frozen_state(5, arrival_interval=timedelta(minutes=30))
    store = state.store
    before = (len(store.product_inquiries), len(store.call_center_inquiries))
    before_claims = (len(store.returns), len(store.exchanges))

    state.advance_clock(timedelta(minutes=29))
    unchanged = len(store.product_inquiries) == before[0]
    state.advance_clock(timedelta(minutes=91))

    assert unchanged
    assert len(store.product_inquiries) == before[0] + 1
    assert len(store.call_center_inquiries) == before[1] + 1
    assert len(store.returns) == before_claims[0] + 1
    assert len(store.exchanges) == before_claims[1] + 1
    newest = max(store.product_inquiries.values(), key=lambda i: i.inquiry_id)
    assert newest.inquiry_at == FROZEN_START + timedelta(minutes=30)


def test_long_advance_caps_arrivals() -> None:
    state = frozen_state(5, arrival_interval=timedelta(minutes=1))
    before = len(state.store.product_inquiries)

    state.advance_clock(timedelta(days=30))
    after_jump = len(state.store.product_inquiries)
    state.advance_clock(timedelta(minutes=1))

    # Arrivals rotate through four kinds, so a quarter of the cap are product inquiries.
    assert after_jump - before == MAX_ARRIVALS_PER_TICK // 4
    assert len(state.store.product_inquiries) == after_jump + 1


async def test_arrival_visible_over_http() -> None:
    state = frozen_state(5, arrival_interval=timedelta(minutes=30))
    query = (
        f"vendorId={VENDOR_ID}&answeredType=NOANSWER"
        "&inquiryStartAt=2026-11-28&inquiryEndAt=2026-12-04"
    )
    path = f"{API}/v5/vendors/{VENDOR_ID}/onlineInquiries"

    async with run_sandbox(state) as sandbox, aiohttp.ClientSession() as session:
        client = SandboxClient(session, sandbox)
        before = await client.call("GET", path, query)
        # The clock moves without a tick, so the server applies the arrival on the next call.
        state.clock.advance(timedelta(minutes=30))
        after = await client.call("GET", path, query)

    assert after.body["data"]["pagination"]["totalElements"] == (
        before.body["data"]["pagination"]["totalElements"] + 1
    )


def test_clock_moves_only_forward() -> None:
    clock = SandboxClock(FROZEN_START)

    moved = clock.advance(timedelta(seconds=90))

    assert moved == FROZEN_START + timedelta(seconds=90)
    assert clock.now() == moved
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(timedelta(seconds=-1))


def test_clock_rejects_naive_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        SandboxClock(datetime(2026, 12, 4))  # noqa: DTZ001


def test_wall_clock_follows_advance() -> None:
    clock = SandboxClock()

    before = clock.now()
    clock.advance(timedelta(days=1))

    assert not clock.frozen
    assert clock.now() - before >= timedelta(days=1)
    assert clock.now().tzinfo is UTC


def test_state_needs_a_vendor() -> None:
    with pytest.raises(ValueError, match="at least one vendor"):
        SandboxState(vendor_ids=())


def test_free_text_names_are_marked() -> None:
    data = SyntheticData(13)
    texts = [data.product_inquiry_text() for _ in range(60)]
    texts += [data.agent_transfer_text(1, "상품") for _ in range(10)]
    texts += [data.return_reason_text() for _ in range(10)]
    texts += [data.exchange_detail_text() for _ in range(10)]
    names = {value.value for value in data.planted if value.kind == "name"}
    labels = ("받는 분 ", "수령인 ", "예금주 ", "<<")

    checked = 0
    for text in texts:
        for name in names:
            start = text.find(name)
            if start == -1:
                continue
            before, after = text[:start], text[start + len(name) :]
            checked += 1

            assert before.endswith(labels) or after.startswith("님"), text
    assert checked >= 20
