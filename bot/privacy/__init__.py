"""Masking of personal data in Coupang records, free text and log records.

A leaf package: it imports nothing from the rest of the bot, so it can be lifted out whole.
"""

from bot.privacy.fields import ALLOW_LISTS, FieldType, mask_record
from bot.privacy.logfilter import PersonalDataFilter
from bot.privacy.masking import (
    mask_address,
    mask_address_detail,
    mask_bank_account,
    mask_card_number,
    mask_customs_code,
    mask_door_code,
    mask_driver_license,
    mask_email,
    mask_name,
    mask_passport,
    mask_phone,
    mask_rrn,
    mask_text,
    mask_zip_code,
)

__all__ = [
    "ALLOW_LISTS",
    "FieldType",
    "PersonalDataFilter",
    "mask_address",
    "mask_address_detail",
    "mask_bank_account",
    "mask_card_number",
    "mask_customs_code",
    "mask_door_code",
    "mask_driver_license",
    "mask_email",
    "mask_name",
    "mask_passport",
    "mask_phone",
    "mask_record",
    "mask_rrn",
    "mask_text",
    "mask_zip_code",
]
