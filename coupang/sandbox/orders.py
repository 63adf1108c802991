"""Order shipment boxes, seller products and return shipping centers in Coupang's shapes."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coupang.sandbox.records import SellerProduct, format_kst_seconds


@dataclass
class ShipmentBox:
    """One shipment box of an order, as `GET .../{orderId}/ordersheets` lists it."""

    shipment_box_id: int
    order_id: int
    vendor_id: str
    ordered_at: datetime
    orderer_name: str
    orderer_safe_number: str
    receiver_name: str
    receiver_safe_number: str
    receiver_address: str
    receiver_address_detail: str
    receiver_zip_code: str
    product: SellerProduct
    vendor_item_id: int
    item_name: str
    sales_price: int
    shipping_count: int
    status: str = "FINAL_DELIVERY"
    parcel_print_message: str | None = None

    def to_json(self) -> dict[str, Any]:
        ordered = format_kst_seconds(self.ordered_at)
        return {
            "shipmentBoxId": self.shipment_box_id,
            "orderId": self.order_id,
            "orderedAt": ordered,
            "orderer": {
                "name": self.orderer_name,
                "email": "",
                "safeNumber": self.orderer_safe_number,
                "ordererNumber": None,
            },
            "paidAt": ordered,
            "status": self.status,
            "shippingPrice": 0,
            "remotePrice": 0,
            "remoteArea": False,
            "parcelPrintMessage": self.parcel_print_message,
            "splitShipping": False,
            "ableSplitShipping": False,
            "receiver": {
                "name": self.receiver_name,
                "safeNumber": self.receiver_safe_number,
                "receiverNumber": None,
                "addr1": self.receiver_address,
                "addr2": self.receiver_address_detail,
                "postCode": self.receiver_zip_code,
            },
            "orderItems": [
                {
                    "vendorItemPackageId": 0,
                    "vendorItemPackageName": self.product.name,
                    "productId": self.product.product_id,
                    "vendorItemId": self.vendor_item_id,
                    "vendorItemName": self.item_name,
                    "shippingCount": self.shipping_count,
                    "salesPrice": self.sales_price,
                    "orderPrice": self.sales_price * self.shipping_count,
                    "discountPrice": 0,
                    "externalVendorSkuCode": f"SKU-{self.vendor_item_id}",
                    "etcInfoHeader": None,
                    "etcInfoValue": None,
                    "etcInfoValues": [],
                    "sellerProductId": self.product.seller_product_id,
                    "sellerProductName": self.product.name,
                    "sellerProductItemName": self.item_name,
                    "cancelCount": 0,
                    "holdCountForCancel": 0,
                    "estimatedShippingDate": self.ordered_at.strftime("%Y-%m-%d"),
                    "invoiceNumberUploadDate": "",
                    "extraProperties": {},
                    "canceled": False,
                }
            ],
            "overseaShippingInfoDto": {
                "personalCustomsClearanceCode": None,
                "ordererSsn": "",
                "ordererPhoneNumber": "",
            },
            "deliveryCompanyName": "CJ 대한통운",
            "invoiceNumber": f"5{self.shipment_box_id:011d}"[-12:],
            "inTrasitDateTime": "",
            "deliveredDate": "",
            "refer": "안드로이드앱",
        }


def seller_product_json(product: SellerProduct) -> dict[str, Any]:
    """Build `data` of `GET .../seller-products/{sellerProductId}` (a subset of its fields)."""
    return {
        "sellerProductId": product.seller_product_id,
        "sellerProductName": product.name,
        "displayProductName": product.name,
        "brand": product.brand,
        "productId": product.product_id,
        "vendorId": product.vendor_id,
        "statusName": "승인완료",
        "items": [
            {
                "sellerProductItemId": seller_item_id,
                "vendorItemId": vendor_item_id,
                "itemName": item_name,
                "images": [],
            }
            for vendor_item_id, seller_item_id, item_name in product.items
        ],
    }


def return_shipping_center_json(vendor_id: str, index: int) -> dict[str, Any]:
    """Build one synthetic return shipping center of a vendor.

    The field names follow public clients of `returnShippingCenters`, because Coupang's
    published samples do not cover this endpoint.
    """
    return {
        "vendorId": vendor_id,
        "returnCenterCode": f"10000{index:05d}",
        "shippingPlaceName": f"샌드박스 반품센터 {index}",
        "deliverCode": "CJGLS",
        "deliverName": "CJ 대한통운",
        "goodsflowStatus": "Enabled",
        "errorMessage": "",
        "createdAt": 1704067200000,
        "usable": True,
        "placeAddresses": [
            {
                "addressType": "JIBUN",
                "countryCode": "KR",
                "companyContactNumber": "02-0000-0000",
                "phoneNumber2": "",
                "returnZipCode": "00000",
                "returnAddress": "서울특별시 샌드박스구 예시로 1",
                "returnAddressDetail": f"{index}층 반품센터",
            }
        ],
    }
