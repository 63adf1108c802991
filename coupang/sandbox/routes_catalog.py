"""Context routes: order sheets by order id, seller products and return shipping centers."""

from aiohttp import web

from coupang.sandbox.api import ok, page_size, paginate, parse_int, state_of, vendor_of
from coupang.sandbox.errors import SandboxApiError
from coupang.sandbox.orders import return_shipping_center_json, seller_product_json

API = "/v2/providers/openapi/apis/api"
SELLER_API = "/v2/providers/seller_api/apis/api/v1/marketplace"
RETURN_CENTER_COUNT = 2

routes = web.RouteTableDef()


@routes.get(API + "/v5/vendors/{vendorId}/{orderId}/ordersheets")
async def get_order_sheets(request: web.Request) -> web.Response:
    """Serve the shipment boxes of one order as a `data` list with one entry per box."""
    state, vendor = state_of(request), vendor_of(request)
    raw_id = request.match_info["orderId"]
    if not raw_id.isdigit():
        raise SandboxApiError(f"Invalid format orderId : {raw_id}")
    boxes = state.store.orders.get(int(raw_id), [])
    owned = [box for box in boxes if box.vendor_id == vendor.vendor_id]
    # Coupang documents no text for an unknown order id, so this one is the sandbox's.
    if not owned:
        raise SandboxApiError(f"orderId {raw_id} not found for vendor {vendor.vendor_id}")
    return ok([box.to_json() for box in owned], code="200")


@routes.get(SELLER_API + "/seller-products/{sellerProductId}")
async def get_seller_product(request: web.Request) -> web.Response:
    """Serve one seller product. Its path has no vendor id, so the key names the vendor."""
    state, vendor = state_of(request), vendor_of(request)
    product_id = parse_int(request.match_info["sellerProductId"], "sellerProductId")
    product = state.store.products.get(product_id)
    if product is None or product.vendor_id != vendor.vendor_id:
        raise SandboxApiError(
            f"sellerProductId {product_id} not found for vendor {vendor.vendor_id}"
        )
    return ok(seller_product_json(product), code="SUCCESS", message="")


@routes.get(API + "/v5/vendors/{vendorId}/returnShippingCenters")
async def list_return_shipping_centers(request: web.Request) -> web.Response:
    vendor = vendor_of(request)
    page = parse_int(request.query.get("pageNum"), "pageNum", default=1)
    if page < 1:
        raise SandboxApiError(f"pageNum should be 1 or more, got {page}")
    size = page_size(request, "pageSize", default=10, maximum=50)
    centers = [
        return_shipping_center_json(vendor.vendor_id, index)
        for index in range(1, RETURN_CENTER_COUNT + 1)
    ]
    content, pagination = paginate(centers, page, size)
    return ok({"content": content, "pagination": pagination}, code="200", message="SUCCESS")
