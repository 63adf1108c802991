"""Built-in Korean reply templates in polite customer-service style.

Sellers should review them before use: they describe Coupang's buyer-side menus and leave
periods and fees to the product page, because those differ by seller and category.
"""

from __future__ import annotations

_CLOSING = "\n\n추가로 궁금하신 점이 있으시면 언제든지 문의해 주세요.\n감사합니다.\n{agent} 드림"

DEFAULT_TEMPLATE_FIELDS: tuple[dict[str, str], ...] = (
    {
        "name": "delivery_delay",
        "title_ko": "배송 지연 안내",
        "title_en": "Delivery delay",
        "body": (
            "안녕하세요, {customer}님. 문의해 주셔서 감사합니다.\n\n"
            "주문하신 {product} 상품의 발송이 예정보다 늦어지고 있어 진심으로 사과드립니다.\n"
            "최대한 빠르게 출고할 수 있도록 준비하고 있으며, {expected_date}까지 발송될 "
            "예정입니다.\n"
            "발송되면 마이쿠팡 > 주문목록에서 배송 현황을 확인하실 수 있습니다." + _CLOSING
        ),
    },
    {
        "name": "return_guide",
        "title_ko": "반품 안내",
        "title_en": "How to return",
        "body": (
            "안녕하세요, {customer}님. 문의해 주셔서 감사합니다.\n\n"
            "{product} 상품의 반품은 마이쿠팡 > 주문목록에서 '교환, 반품 신청'을 눌러 "
            "접수하실 수 있습니다.\n"
            "접수해 주시면 택배 기사님이 방문하여 상품을 회수해 드립니다.\n"
            "받으신 구성품과 포장을 함께 보내 주시면 회수된 상품을 확인한 뒤 환불이 "
            "진행됩니다.\n"
            "반품 가능 기간과 배송비는 상품 페이지의 교환/반품 안내를 참고해 주시기 "
            "바랍니다." + _CLOSING
        ),
    },
    {
        "name": "exchange_guide",
        "title_ko": "교환 안내",
        "title_en": "How to exchange",
        "body": (
            "안녕하세요, {customer}님. 문의해 주셔서 감사합니다.\n\n"
            "{product} 상품의 교환은 마이쿠팡 > 주문목록에서 '교환, 반품 신청'을 눌러 "
            "접수하실 수 있습니다.\n"
            "접수해 주시면 기존 상품을 회수하고, 회수된 상품을 확인한 뒤 교환 상품을 "
            "보내 드립니다.\n"
            "교환하실 상품의 재고가 없는 경우에는 따로 연락드려 안내해 드리겠습니다." + _CLOSING
        ),
    },
    {
        "name": "restock",
        "title_ko": "재입고 안내",
        "title_en": "Restock date",
        "body": (
            "안녕하세요, {customer}님. {product} 상품에 관심 가져 주셔서 감사합니다.\n\n"
            "문의하신 상품은 현재 일시 품절 상태이며, {expected_date} 전후로 재입고될 "
            "예정입니다.\n"
            "입고 일정은 사정에 따라 달라질 수 있는 점 양해 부탁드리며, 재입고되는 대로 "
            "상품 페이지에서 바로 구매하실 수 있습니다." + _CLOSING
        ),
    },
    {
        "name": "shipped",
        "title_ko": "출고 안내",
        "title_en": "Shipped with tracking number",
        "body": (
            "안녕하세요, {customer}님. 문의해 주셔서 감사합니다.\n\n"
            "{today} 현재 주문하신 {product} 상품은 출고되어 배송 중입니다.\n"
            "택배사: {courier}\n"
            "송장번호: {invoice_number}\n"
            "배송 현황은 마이쿠팡 > 주문목록 또는 택배사 홈페이지에서 확인하실 수 있습니다."
            + _CLOSING
        ),
    },
    {
        "name": "checking_order",
        "title_ko": "확인 중 안내",
        "title_en": "Checking the order",
        "body": (
            "안녕하세요, {customer}님. 문의해 주셔서 감사합니다.\n\n"
            "주문번호 {order_id} 건은 현재 담당자가 확인하고 있습니다.\n"
            "확인되는 대로 빠르게 다시 안내해 드리겠습니다. 기다리게 해 드려 죄송합니다." + _CLOSING
        ),
    },
)
