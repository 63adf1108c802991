"""Creation of synthetic vendors, products, orders and items into the sandbox store."""

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coupang.sandbox.claims import ExchangeContact, ExchangeRequest, ReturnItem, ReturnRequest
from coupang.sandbox.data import PRODUCT_TEMPLATES, SyntheticData
from coupang.sandbox.orders import ShipmentBox
from coupang.sandbox.records import (
    CallCenterInquiry,
    CallCenterReply,
    InquiryComment,
    ProductInquiry,
    SellerProduct,
    Vendor,
)

RETURN_REASONS = (
    ("고객변심", "단순변심(사유없음)", "CHANGEMIND", "필요 없어짐 (단순 변심)"),
    ("상품불량", "사용중 제품결함", "DEFECT", "상품이 파손되어 배송됨"),
    ("배송문제", "다른 상품 배송", "WRONGDELIVERY", "다른 상품이 배송됨"),
)
EXCHANGE_REASONS = (
    ("DIFFERENTOPT", "색상/ 사이즈가 기대와 다름"),
    ("DEFECT", "상품이 파손되어 배송됨"),
    ("WRONGOPT", "옵션을 잘못 선택함"),
)
CALL_CENTER_CATEGORIES = ("취소/반품 후단관리>회수확인>고객반송확인", "배송>배송>배송")


@dataclass
class SandboxStore:
    """Every record the sandbox serves, keyed by its Coupang id."""

    vendors: dict[str, Vendor] = field(default_factory=dict)
    products: dict[int, SellerProduct] = field(default_factory=dict)
    product_inquiries: dict[int, ProductInquiry] = field(default_factory=dict)
    call_center_inquiries: dict[int, CallCenterInquiry] = field(default_factory=dict)
    returns: dict[int, ReturnRequest] = field(default_factory=dict)
    exchanges: dict[int, ExchangeRequest] = field(default_factory=dict)
    orders: dict[int, list[ShipmentBox]] = field(default_factory=dict)


class ItemFactory:
    """Build synthetic records from a seeded `SyntheticData` and add them to a store."""

    def __init__(self, data: SyntheticData, store: SandboxStore) -> None:
        self.data = data
        self.store = store
        self._ids = {
            name: itertools.count(start)
            for name, start in (
                ("product", 7_100_000),
                ("inquiry", 39_000_000),
                ("comment", 36_000_000),
                ("call_center", 1_015_000_000),
                ("answer", 1_027_000_000),
                ("order", 19_000_041_000_000),
                ("box", 400_000_000_000_000_001),
                ("receipt", 360_000_000),
                ("exchange", 101_000_000),
                ("delivery", 20_000_000),
            )
        }

    def next_id(self, name: str) -> int:
        return next(self._ids[name])

    def add_vendor(self, vendor_id: str, allowed_ips: frozenset[str] | None = None) -> Vendor:
        rng = self.data.rng
        vendor = Vendor(
            vendor_id=vendor_id,
            access_key=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            secret_key=f"{rng.getrandbits(160):040x}",
            wing_user_ids=(f"{vendor_id.lower()}_cs", f"{vendor_id.lower()}_lead"),
            allowed_ips=allowed_ips,
        )
        self.store.vendors[vendor_id] = vendor
        for name, brand, options in PRODUCT_TEMPLATES:
            product_id = self.next_id("product")
            items = [
                (3_000_000_000 + product_id * 10 + i, 1_800_000_000 + product_id * 10 + i, opt)
                for i, opt in enumerate(options)
            ]
            self.store.products[product_id] = SellerProduct(
                seller_product_id=product_id,
                vendor_id=vendor_id,
                product_id=product_id + 200_000_000,
                name=f"{brand} {name}",
                brand=brand,
                items=items,
            )
        return vendor

    def _pick_item(self, vendor_id: str) -> tuple[SellerProduct, int, int, str]:
        products = [p for p in self.store.products.values() if p.vendor_id == vendor_id]
        product = self.data.rng.choice(products)
        vendor_item_id, seller_item_id, option = self.data.rng.choice(product.items)
        return product, vendor_item_id, seller_item_id, f"{product.name}, {option}"

    def _add_order(
        self,
        vendor_id: str,
        product: SellerProduct,
        vendor_item_id: int,
        item_name: str,
        at: datetime,
    ) -> ShipmentBox:
        data = self.data
        order_id = self.next_id("order")
        zip_code, street, detail = data.address()
        box = ShipmentBox(
            shipment_box_id=self.next_id("box"),
            order_id=order_id,
            vendor_id=vendor_id,
            ordered_at=at - timedelta(days=3),
            orderer_name=data.name(),
            orderer_safe_number=data.safe_number(),
            receiver_name=data.name(),
            receiver_safe_number=data.safe_number(),
            receiver_address=street,
            receiver_address_detail=detail,
            receiver_zip_code=zip_code,
            product=product,
            vendor_item_id=vendor_item_id,
            item_name=item_name,
            sales_price=data.rng.randrange(9_900, 99_000, 100),
            shipping_count=data.rng.randint(1, 3),
        )
        self.store.orders[order_id] = [box]
        return box

    def product_inquiry(self, vendor_id: str, at: datetime, *, answered: bool) -> ProductInquiry:
        product, vendor_item_id, seller_item_id, item_name = self._pick_item(vendor_id)
        order_ids: list[int] = []
        if self.data.rng.random() < 0.5:
            box = self._add_order(vendor_id, product, vendor_item_id, item_name, at)
            order_ids.append(box.order_id)
        inquiry = ProductInquiry(
            inquiry_id=self.next_id("inquiry"),
            vendor_id=vendor_id,
            product_id=product.product_id,
            seller_product_id=product.seller_product_id,
            seller_item_id=seller_item_id,
            vendor_item_id=vendor_item_id,
            content=self.data.product_inquiry_text(),
            inquiry_at=at,
            order_ids=order_ids,
        )
        if answered:
            content = "안녕하세요 고객님, 문의 주셔서 감사합니다. 금일 출고 예정입니다."
            comment = InquiryComment(self.next_id("comment"), content, at + timedelta(hours=1))
            inquiry.comments.append(comment)
        self.store.product_inquiries[inquiry.inquiry_id] = inquiry
        return inquiry

    def call_center_inquiry(
        self, vendor_id: str, at: datetime, *, needs_answer: bool
    ) -> CallCenterInquiry:
        product, vendor_item_id, _, item_name = self._pick_item(vendor_id)
        box = self._add_order(vendor_id, product, vendor_item_id, item_name, at)
        transfer = CallCenterReply(
            answer_id=self.next_id("answer"),
            answer_type="csAgent",
            content=self.data.agent_transfer_text(box.order_id, item_name),
            replied_at=at,
            receptionist_name="쿠팡 상담사",
            receptionist=f"CS{self.data.rng.randint(10000, 99999)}",
            partner_transfer_status="requestAnswer",
            need_answer=needs_answer,
        )
        inquiry = CallCenterInquiry(
            inquiry_id=self.next_id("call_center"),
            vendor_id=vendor_id,
            needs_answer=needs_answer,
            vendor_item_id=vendor_item_id,
            item_name=item_name,
            content="상담이력",
            inquiry_at=at,
            buyer_phone=self.data.safe_number(),
            order_id=box.order_id,
            order_date=box.ordered_at,
            receipt_category=self.data.rng.choice(CALL_CENTER_CATEGORIES),
            replies=[transfer],
        )
        self.store.call_center_inquiries[inquiry.inquiry_id] = inquiry
        return inquiry

    def return_request(
        self, vendor_id: str, at: datetime, *, status: str, receipt_type: str = "RETURN"
    ) -> ReturnRequest:
        data = self.data
        product, vendor_item_id, _, item_name = self._pick_item(vendor_id)
        box = self._add_order(vendor_id, product, vendor_item_id, item_name, at)
        zip_code, street, detail = data.address()
        category1, category2, code, code_text = data.rng.choice(RETURN_REASONS)
        release_stop = status == "RELEASE_STOP_UNCHECKED"
        receipt = ReturnRequest(
            receipt_id=self.next_id("receipt"),
            vendor_id=vendor_id,
            order_id=box.order_id,
            payment_id=box.order_id + 1_000_000,
            receipt_type=receipt_type,
            receipt_status=status,
            created_at=at,
            modified_at=at,
            requester_name=data.name(),
            requester_phone=data.safe_number(),
            requester_address=street,
            requester_address_detail=detail,
            requester_zip_code=zip_code,
            reason_category1=category1,
            reason_category2=category2,
            cancel_reason=data.return_reason_text(),
            reason_code=code,
            reason_code_text=code_text,
            return_delivery_id=self.next_id("delivery"),
            return_delivery_type=data.rng.choice(("연동택배", "수기관리", "전담택배")),
            release_stop_status="미처리" if release_stop else "비대상",
            fault_by_type="CUSTOMER" if code == "CHANGEMIND" else "VENDOR",
            pre_refund=False,
            items=[
                ReturnItem(
                    vendor_item_id=vendor_item_id,
                    vendor_item_name=item_name,
                    seller_product_id=product.seller_product_id,
                    seller_product_name=product.name,
                    purchase_count=box.shipping_count,
                    cancel_count=box.shipping_count,
                    shipment_box_id=box.shipment_box_id,
                    release_status="N" if release_stop else "Y",
                )
            ],
            invoices=[("CJGLS", "")],
        )
        if status == "RETURNS_COMPLETED":
            receipt.complete_confirm_type = "VENDOR_CONFIRM"
            receipt.complete_confirmed_at = at
        self.store.returns[receipt.receipt_id] = receipt
        return receipt

    def exchange_request(self, vendor_id: str, at: datetime, *, status: str) -> ExchangeRequest:
        data = self.data
        product, vendor_item_id, _, item_name = self._pick_item(vendor_id)
        box = self._add_order(vendor_id, product, vendor_item_id, item_name, at)
        return_zip, return_street, return_detail = data.address()
        code, code_text = data.rng.choice(EXCHANGE_REASONS)
        door_code = data.plant("door_code", f"#{data.rng.randint(1000, 9999)}")
        exchange = ExchangeRequest(
            exchange_id=self.next_id("exchange"),
            vendor_id=vendor_id,
            order_id=box.order_id,
            exchange_status=status,
            created_at=at,
            modified_at=at,
            reason_code=code,
            reason_code_text=code_text,
            reason_etc_detail=data.exchange_detail_text(),
            vendor_item_id=vendor_item_id,
            item_name=item_name,
            unit_price=box.sales_price,
            quantity=1,
            original_shipment_box_id=box.shipment_box_id,
            contact=ExchangeContact(
                return_name=data.name(),
                return_zip_code=return_zip,
                return_address=return_street,
                return_address_detail=return_detail,
                return_safe_number=data.safe_number(),
                delivery_name=box.receiver_name,
                delivery_zip_code=box.receiver_zip_code,
                delivery_address=box.receiver_address,
                delivery_address_detail=box.receiver_address_detail,
                delivery_safe_number=box.receiver_safe_number,
                delivery_memo=f"공동현관 비밀번호 {door_code}",
            ),
        )
        if status != "RECEIPT":
            exchange.confirmed_at = at
            exchange.collect_status = "CompleteCollect"
            exchange.new_shipment_box_id = self.next_id("box")
        self.store.exchanges[exchange.exchange_id] = exchange
        return exchange
