"""Order-sheet, seller-product and return-center models (see the glossary in `coupang.models`)."""

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from coupang.fields import (
    CoupangDate,
    CoupangDateTime,
    Money,
    lenient_enum,
)
from coupang.model_base import CoupangModel, none_to_empty_list


class OrderStatus(StrEnum):
    """Shipment status of an order sheet (`status`) or of an exchanged order."""

    ACCEPT = "ACCEPT"
    INSTRUCT = "INSTRUCT"
    DEPARTURE = "DEPARTURE"
    DELIVERING = "DELIVERING"
    FINAL_DELIVERY = "FINAL_DELIVERY"
    NONE_TRACKING = "NONE_TRACKING"


class Orderer(CoupangModel):
    """The buyer of an order; every field is personal."""

    name: str | None = Field(default=None, repr=False)
    email: str | None = Field(default=None, repr=False)
    safe_number: str | None = Field(default=None, repr=False)
    orderer_number: str | None = Field(default=None, repr=False)


class Receiver(CoupangModel):
    """The recipient of a shipment; every field is personal."""

    name: str | None = Field(default=None, repr=False)
    safe_number: str | None = Field(default=None, repr=False)
    receiver_number: str | None = Field(default=None, repr=False)
    addr1: str | None = Field(default=None, repr=False)
    addr2: str | None = Field(default=None, repr=False)
    post_code: str | None = Field(default=None, repr=False)


class OrderItem(CoupangModel):
    """One ordered option of a shipment box."""

    vendor_item_id: int | None = None
    vendor_item_name: str | None = None
    seller_product_id: int | None = None
    seller_product_name: str | None = None
    seller_product_item_name: str | None = None
    shipping_count: int | None = None
    cancel_count: int | None = None
    hold_count_for_cancel: int | None = None
    sales_price: Money = None
    order_price: Money = None
    discount_price: Money = None
    etc_info_values: list[str] | None = Field(default=None, repr=False)
    estimated_shipping_date: CoupangDate = None
    confirm_date: CoupangDateTime = None
    canceled: bool | None = None

    @property
    def shippable_count(self) -> int:
        """Units still to ship: shipping count minus cancelled and cancel-held units."""
        held = (self.cancel_count or 0) + (self.hold_count_for_cancel or 0)
        return (self.shipping_count or 0) - held


class OrderSheet(CoupangModel):
    """One shipment box of an order (발주서)."""

    shipment_box_id: int
    order_id: int | None = None
    ordered_at: CoupangDateTime = None
    paid_at: CoupangDateTime = None
    status: Annotated[OrderStatus | str | None, lenient_enum(OrderStatus)] = None
    orderer: Orderer | None = Field(default=None, repr=False)
    receiver: Receiver | None = Field(default=None, repr=False)
    parcel_print_message: str | None = Field(default=None, repr=False)
    shipping_price: Money = None
    remote_price: Money = None
    split_shipping: bool | None = None
    delivery_company_name: str | None = None
    invoice_number: str | None = Field(default=None, repr=False)
    in_trasit_date_time: CoupangDateTime = None
    delivered_date: CoupangDateTime = None
    order_items: Annotated[list[OrderItem], BeforeValidator(none_to_empty_list)] = Field(
        default_factory=list
    )
    # Customs code and SSN fields of overseas orders: never display them.
    oversea_shipping_info_dto: dict[str, Any] | None = Field(default=None, repr=False)


class SellerProductItem(CoupangModel):
    """One option of a seller product."""

    seller_product_item_id: int | None = None
    vendor_item_id: int | None = None
    item_name: str | None = None


class SellerProduct(CoupangModel):
    """A seller product (등록상품), looked up for its display name."""

    seller_product_id: int
    seller_product_name: str | None = None
    display_product_name: str | None = None
    brand: str | None = None
    status_name: str | None = None
    items: Annotated[list[SellerProductItem], BeforeValidator(none_to_empty_list)] = Field(
        default_factory=list
    )


class ReturnShippingCenter(CoupangModel):
    """A return shipping center of the vendor (listed by the credentials probe).

    NOTE: only `returnCenterCode` is confirmed by the samples at hand; the other field
    names follow public clients and may be absent, so all of them are optional.
    """

    return_center_code: str | None = None
    shipping_place_name: str | None = None
    deliver_code: str | None = None
    deliver_name: str | None = None
    usable: bool | None = None
