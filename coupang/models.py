"""Typed records for Coupang Wing Open API responses, parsed at the client boundary.

Glossary (Coupang's nouns, kept across the project):
- vendor: the seller account, id `A`/`C` + digits (`vendorId`).
- product inquiry (상품별 고객문의, `OnlineInquiry`): a buyer question on a product page.
  It is answered when it has a comment (`commentDtoList`); there is no status field.
- call-center inquiry (쿠팡 고객센터 문의, `CallCenterInquiry`): a case a Coupang agent
  transferred to the seller. Its thread is `replies`; an agent reply with
  `partnerTransferStatus=requestAnswer` asks the seller to answer within 24 hours.
- return (반품, `ReturnRequest`): a return or cancellation receipt, id `receiptId`.
  A withdrawn return disappears from the list and shows up as a `ReturnWithdrawal`.
- exchange (교환, `ExchangeRequest`): an exchange request, id `exchangeId`.
- order sheet (발주서, `OrderSheet`): one shipment box (`shipmentBoxId`, 18 digits) of an order.
- seller product (등록상품, `SellerProduct`): the seller's listing, id `sellerProductId`;
  option = vendor item (`vendorItemId`).

Every model ignores unknown fields, accepts both snake_case names and Coupang's camelCase
aliases, stores ids as int and timestamps as aware UTC datetimes. Personal fields (names,
phones, addresses, free text) stay available for the app to mask, but are left out of reprs.
"""

from coupang.claim_models import (
    CollectStatus,
    DeliveryInvoice,
    DeliveryInvoiceGroup,
    ExchangeAddress,
    ExchangeDeliveryStatus,
    ExchangeItem,
    ExchangeRejectCode,
    ExchangeRequest,
    ExchangeStatus,
    ReceiptStatus,
    ResultData,
    ReturnDelivery,
    ReturnInvoice,
    ReturnItem,
    ReturnRequest,
    ReturnStatusFilter,
    ReturnWithdrawal,
)
from coupang.inquiry_models import (
    AnsweredType,
    AnswerType,
    CallCenterInquiry,
    CallCenterInquiryPage,
    CallCenterReply,
    CounselingStatus,
    InquiryComment,
    InquiryStatus,
    OnlineInquiry,
    OnlineInquiryPage,
    PartnerTransferStatus,
)
from coupang.model_base import (
    CoupangModel,
    Pagination,
)
from coupang.order_models import (
    Orderer,
    OrderItem,
    OrderSheet,
    OrderStatus,
    Receiver,
    ReturnShippingCenter,
    SellerProduct,
    SellerProductItem,
)

__all__ = [
    "CollectStatus",
    "ExchangeDeliveryStatus",
    "OrderStatus",
    "AnswerType",
    "AnsweredType",
    "CallCenterInquiry",
    "CallCenterInquiryPage",
    "CallCenterReply",
    "CounselingStatus",
    "CoupangModel",
    "DeliveryInvoice",
    "DeliveryInvoiceGroup",
    "ExchangeAddress",
    "ExchangeItem",
    "ExchangeRejectCode",
    "ExchangeRequest",
    "ExchangeStatus",
    "InquiryComment",
    "InquiryStatus",
    "OnlineInquiry",
    "OnlineInquiryPage",
    "OrderItem",
    "OrderSheet",
    "Orderer",
    "Pagination",
    "PartnerTransferStatus",
    "ReceiptStatus",
    "Receiver",
    "ResultData",
    "ReturnDelivery",
    "ReturnInvoice",
    "ReturnItem",
    "ReturnRequest",
    "ReturnShippingCenter",
    "ReturnStatusFilter",
    "ReturnWithdrawal",
    "SellerProduct",
    "SellerProductItem",
]
