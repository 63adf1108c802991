"""Structured maskers follow the masking standard table exactly."""

import pytest

from bot.privacy import (
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
    mask_zip_code,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("홍길", "홍*"),
        ("홍길동", "홍*동"),
        ("남궁민수", "남궁*수"),
        ("남보라민", "남**민"),
        ("황보영희", "황보*희"),
        ("제갈공명", "제갈*명"),
        ("선우재덕", "선우*덕"),
        ("독고영재", "독고*재"),
        ("사공일환", "사공*환"),
        ("서문하늘", "서문*늘"),
        ("남궁민수진", "남궁**진"),
        ("선우진", "선*진"),
        ("JOHN SMITH", "JO** SM***"),
        ("John Smith", "Jo** Sm***"),
        ("Mary Ann Lee", "Ma** An* Le*"),
        ("LI NA", "L* N*"),
        ("김", "*"),
        ("  홍길동 ", "홍*동"),
        ("", ""),
    ],
)
def test_mask_name_table(name: str, expected: str) -> None:
    assert mask_name(name) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("010-1234-5678", "010-****-5678"),
        ("01012345678", "010-****-5678"),
        ("010 1234 5678", "010-****-5678"),
        ("010.1234.5678", "010-****-5678"),
        ("(010)1234-5678", "010-****-5678"),
        ("+82 10-1234-5678", "010-****-5678"),
        ("+82-10-1234-5678", "010-****-5678"),
        ("+82 (0)10 1234 5678", "010-****-5678"),
        ("+821012345678", "010-****-5678"),
        ("0082 10 1234 5678", "010-****-5678"),
        ("０１０－１２３４－５６７８", "010-****-5678"),
        ("010ㅡ1234ㅡ5678", "010-****-5678"),
        ("공일공 일이삼사 오육칠팔", "010-****-5678"),
        ("011-123-4567", "011-***-4567"),
        ("0504-1234-5678", "0504-****-5678"),
        ("050412345678", "0504-****-5678"),
        ("0501-111-2222", "0501-***-2222"),
        ("02-123-5678", "02-***-5678"),
        ("02-1234-5678", "02-****-5678"),
        ("(02) 123-5678", "02-***-5678"),
        ("031-123-4567", "031-***-4567"),
        ("064 7123 4567", "064-****-4567"),
        ("070-1234-5678", "070-****-5678"),
        ("010-****-5678", "010-****-5678"),
        ("010-****-****", "010-****-****"),
        ("0503-****-3560", "0503-****-3560"),
        ("+1(555)444-1234", "+1(***)***-1234"),
        ("1588-1234", "1588-1234"),
        ("", ""),
    ],
)
def test_mask_phone_table(phone: str, expected: str) -> None:
    assert mask_phone(phone) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("abcdef@example.com", "ab****@example.com"),
        ("jh_lee77@example.co.kr", "jh******@example.co.kr"),
        ("ab@example.com", "a*@example.com"),
        ("a@example.com", "a@example.com"),
        ("mg*****@co", "mg*****@co"),
        ("", ""),
    ],
)
def test_mask_email_table(email: str, expected: str) -> None:
    assert mask_email(email) == expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("서울 강남구 테헤란로 123", "서울 강남구 테헤란로 ***"),
        ("서울특별시 송파구 송파대로 570 (신천동)", "서울특별시 송파구 송파대로 ***"),
        ("경기도 화성시 동탄면 동탄대로9길 20", "경기도 화성시 동탄면 동탄대로9길 ***"),
        ("부산광역시 수영구 광안동 981-59", "부산광역시 수영구 광안동 ***"),
        ("강원도 평창군 대관령면 횡계리 산 12", "강원도 평창군 대관령면 횡계리 ***"),
        ("경기도 안양시 동안구 평촌동", "경기도 안양시 동안구 평촌동"),
        ("서울 강남구 테헤란로 ***", "서울 강남구 테헤란로 ***"),
        ("addr1", "***"),
        ("", ""),
    ],
)
def test_mask_address_table(address: str, expected: str) -> None:
    assert mask_address(address) == expected


@pytest.mark.parametrize(
    ("masker", "value", "expected"),
    [
        (mask_address_detail, "꿈마을건영아파트 101동 1203호", "***"),
        (mask_address_detail, "Tower 730", "***"),
        (mask_address_detail, "", ""),
        (mask_zip_code, "05510", "055**"),
        (mask_zip_code, "431-081", "431-***"),
        (mask_zip_code, "055**", "055**"),
        (mask_rrn, "900101-1234567", "900101-*******"),
        (mask_rrn, "9001011234567", "900101-*******"),
        (mask_rrn, "900101-*******", "900101-*******"),
        (mask_rrn, "900101 5234567", "900101-*******"),
        (mask_card_number, "1234-5678-9012-3456", "****-****-****-3456"),
        (mask_card_number, "1234567890123456", "****-****-****-3456"),
        (mask_card_number, "3782 822463 10005", "****-****-****-0005"),
        (mask_card_number, "****-****-****-3456", "****-****-****-3456"),
        (mask_passport, "M12345678", "[여권번호]"),
        (mask_driver_license, "11-12-345678-90", "[운전면허번호]"),
        (mask_door_code, "#1234#", "[출입번호]"),
        (mask_customs_code, "P123456789012", "[개인통관고유부호]"),
    ],
)
def test_value_maskers_table(masker: object, value: str, expected: str) -> None:
    assert callable(masker)
    assert masker(value) == expected


@pytest.mark.parametrize(
    ("number", "bank", "expected"),
    [
        ("123-456-781234", "국민", "국민 ******1234"),
        ("12345678901234", None, "******1234"),
        ("3333-01-1234567", "카카오뱅크", "카카오뱅크 ******4567"),
        ("******1234", "국민", "국민 ******1234"),
    ],
)
def test_mask_bank_account_table(number: str, bank: str | None, expected: str) -> None:
    assert mask_bank_account(number, bank) == expected
