"""The Coupang Wing Open API operations the client calls: verb, path template, retry class.

Where Coupang's pages disagree, the choice is a parameter of `CoupangEndpoints.build`.
The pages print state-changing return and exchange calls as "PATCH PUT", with PATCH first.
Return receipt confirmation and approval run as v4 and, since 2025-07-25, also as v5. The
single call-center lookup is v5 on the Korean page but v4 on the English one.
"""

from dataclasses import dataclass
from typing import Literal

from coupang.transport import Endpoint

WriteMethod = Literal["PATCH", "PUT"]
ApiVersion = Literal["v4", "v5"]

OPENAPI = "/v2/providers/openapi/apis/api"
VENDOR = OPENAPI + "/{version}/vendors/{{vendor_id}}"
SELLER_API = "/v2/providers/seller_api/apis/api/v1/marketplace"


def _vendor_path(version: str, rest: str) -> str:
    return VENDOR.format(version=version) + rest


@dataclass(frozen=True)
class CoupangEndpoints:
    """Every endpoint the client uses, built once per client from its version options."""

    list_online_inquiries: Endpoint
    reply_online_inquiry: Endpoint
    list_call_center_inquiries: Endpoint
    get_call_center_inquiry: Endpoint
    reply_call_center_inquiry: Endpoint
    confirm_call_center_inquiry: Endpoint
    list_return_requests: Endpoint
    get_return_request: Endpoint
    confirm_return_receipt: Endpoint
    approve_return_request: Endpoint
    list_return_withdrawals: Endpoint
    get_return_withdrawals: Endpoint
    register_return_invoice: Endpoint
    stop_return_shipment: Endpoint
    mark_return_already_shipped: Endpoint
    list_exchange_requests: Endpoint
    confirm_exchange_receipt: Endpoint
    reject_exchange_request: Endpoint
    upload_exchange_invoices: Endpoint
    get_order_sheets: Endpoint
    get_seller_product: Endpoint
    list_return_shipping_centers: Endpoint

    @classmethod
    def build(
        cls,
        *,
        write_method: WriteMethod = "PATCH",
        return_action_version: ApiVersion = "v4",
        call_center_lookup_version: ApiVersion = "v5",
    ) -> "CoupangEndpoints":
        """Build the endpoint table; the defaults follow the current Korean doc pages."""
        returns = _vendor_path("v6", "/returnRequests")
        return_action = _vendor_path(return_action_version, "/returnRequests/{receipt_id}")
        exchanges = _vendor_path("v4", "/exchangeRequests")
        call_center = _vendor_path("v4", "/callCenterInquiries/{inquiry_id}")
        return cls(
            list_online_inquiries=Endpoint(
                "list_online_inquiries",
                "GET",
                _vendor_path("v5", "/onlineInquiries"),
                is_read=True,
                is_list=True,
            ),
            reply_online_inquiry=Endpoint(
                "reply_online_inquiry",
                "POST",
                _vendor_path("v4", "/onlineInquiries/{inquiry_id}/replies"),
                is_read=False,
            ),
            list_call_center_inquiries=Endpoint(
                "list_call_center_inquiries",
                "GET",
                _vendor_path("v5", "/callCenterInquiries"),
                is_read=True,
                is_list=True,
            ),
            # No vendor id in this path: Coupang takes the vendor from the access key.
            get_call_center_inquiry=Endpoint(
                "get_call_center_inquiry",
                "GET",
                f"{OPENAPI}/{call_center_lookup_version}/vendors/callCenterInquiries/"
                "{inquiry_id}",
                is_read=True,
            ),
            reply_call_center_inquiry=Endpoint(
                "reply_call_center_inquiry", "POST", call_center + "/replies", is_read=False
            ),
            confirm_call_center_inquiry=Endpoint(
                "confirm_call_center_inquiry", "POST", call_center + "/confirms", is_read=False
            ),
            list_return_requests=Endpoint(
                "list_return_requests", "GET", returns, is_read=True, is_list=True
            ),
            get_return_request=Endpoint(
                "get_return_request", "GET", returns + "/{receipt_id}", is_read=True
            ),
            confirm_return_receipt=Endpoint(
                "confirm_return_receipt",
                write_method,
                return_action + "/receiveConfirmation",
                is_read=False,
            ),
            approve_return_request=Endpoint(
                "approve_return_request", write_method, return_action + "/approval", is_read=False
            ),
            list_return_withdrawals=Endpoint(
                "list_return_withdrawals",
                "GET",
                _vendor_path("v4", "/returnWithdrawRequests"),
                is_read=True,
                is_list=True,
            ),
            # A POST that only reads, so it is retried like any other read.
            get_return_withdrawals=Endpoint(
                "get_return_withdrawals",
                "POST",
                _vendor_path("v4", "/returnWithdrawList"),
                is_read=True,
                is_list=True,
            ),
            register_return_invoice=Endpoint(
                "register_return_invoice",
                "POST",
                _vendor_path("v4", "/return-exchange-invoices/manual"),
                is_read=False,
            ),
            stop_return_shipment=Endpoint(
                "stop_return_shipment",
                write_method,
                _vendor_path("v4", "/returnRequests/{receipt_id}/stoppedShipment"),
                is_read=False,
            ),
            mark_return_already_shipped=Endpoint(
                "mark_return_already_shipped",
                write_method,
                _vendor_path("v4", "/returnRequests/{receipt_id}/completedShipment"),
                is_read=False,
            ),
            list_exchange_requests=Endpoint(
                "list_exchange_requests", "GET", exchanges, is_read=True, is_list=True
            ),
            confirm_exchange_receipt=Endpoint(
                "confirm_exchange_receipt",
                write_method,
                exchanges + "/{exchange_id}/receiveConfirmation",
                is_read=False,
            ),
            reject_exchange_request=Endpoint(
                "reject_exchange_request",
                write_method,
                exchanges + "/{exchange_id}/rejection",
                is_read=False,
            ),
            upload_exchange_invoices=Endpoint(
                "upload_exchange_invoices",
                "POST",
                exchanges + "/{exchange_id}/invoices",
                is_read=False,
            ),
            get_order_sheets=Endpoint(
                "get_order_sheets",
                "GET",
                _vendor_path("v5", "/{order_id}/ordersheets"),
                is_read=True,
            ),
            get_seller_product=Endpoint(
                "get_seller_product",
                "GET",
                SELLER_API + "/seller-products/{seller_product_id}",
                is_read=True,
            ),
            list_return_shipping_centers=Endpoint(
                "list_return_shipping_centers",
                "GET",
                _vendor_path("v5", "/returnShippingCenters"),
                is_read=True,
            ),
        )
