"""Order sheets, seller products and return shipping centers."""

import aiohttp

from coupang.sandbox import SandboxClock, SandboxState, run_sandbox
from tests.sandbox.conftest import API, FROZEN_START, SandboxClient

VENDOR_ID = "A00012345"
SELLER_PRODUCTS = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"


async def test_order_sheets_by_order_id(client: SandboxClient) -> None:
    receipt = client.state.add_return()
    path = f"{API}/v5/vendors/{VENDOR_ID}/{receipt.order_id}/ordersheets"

    reply = await client.call("GET", path)

    box = reply.body["data"][0]
    assert reply.status == 200
    assert box["orderId"] == receipt.order_id
    assert box["shipmentBoxId"] == receipt.items[0].shipment_box_id
    assert box["receiver"]["safeNumber"].startswith("050")
    assert box["orderer"]["email"] == ""


async def test_order_sheets_errors(client: SandboxClient) -> None:
    malformed = await client.call("GET", f"{API}/v5/vendors/{VENDOR_ID}/12ab/ordersheets")
    unknown = await client.call("GET", f"{API}/v5/vendors/{VENDOR_ID}/1/ordersheets")

    assert malformed.body == {"code": 400, "message": "Invalid format orderId : 12ab"}
    assert unknown.status == 400


async def test_seller_product_lookup(client: SandboxClient) -> None:
    inquiry = client.state.add_product_inquiry()

    reply = await client.call("GET", f"{SELLER_PRODUCTS}/{inquiry.seller_product_id}")

    data = reply.body["data"]
    assert reply.body["code"] == "SUCCESS"
    assert data["sellerProductId"] == inquiry.seller_product_id
    assert inquiry.vendor_item_id in [item["vendorItemId"] for item in data["items"]]


async def test_seller_product_of_other_vendor() -> None:
    state = SandboxState(
        seed=3,
        clock=SandboxClock(FROZEN_START),
        vendor_ids=("A00012345", "A00099999"),
        arrival_interval=None,
    )
    other_product = next(p for p in state.store.products.values() if p.vendor_id == "A00099999")
    async with run_sandbox(state) as sandbox, aiohttp.ClientSession() as session:
        client = SandboxClient(session, sandbox)
        reply = await client.call("GET", f"{SELLER_PRODUCTS}/{other_product.seller_product_id}")

    assert reply.status == 400


async def test_return_shipping_centers(client: SandboxClient) -> None:
    path = f"{API}/v5/vendors/{VENDOR_ID}/returnShippingCenters"

    reply = await client.call("GET", path, "pageNum=1&pageSize=1")
    too_large = await client.call("GET", path, "pageNum=1&pageSize=51")

    assert reply.status == 200
    assert len(reply.body["data"]["content"]) == 1
    assert reply.body["data"]["pagination"]["totalElements"] == 2
    assert too_large.status == 400
