"""Deterministic synthetic personal data and buyer texts for the sandbox.

Every name, phone number, e-mail, account number and address is generated from the seed and
recorded as a `PlantedValue`, so masking tests can assert that none of them leaks. A name in
free text always follows a label (받는 분, 수령인, 예금주, 고객명) or takes the honorific 님,
because the masking standard masks only names marked that way. Domains are
the reserved `example.*` names and safe numbers use the 050x range, so no value reaches a
real person.
"""

import random
from dataclasses import dataclass

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
COMPOUND_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공")
GIVEN_SYLLABLES = "민서준하윤지우현도연수아은예진성재영호주희태경"
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
BANKS = ("국민", "신한", "우리", "하나", "농협", "기업")
# (province or city, district, road) triples: real place names, to which the generator adds
# synthetic building numbers.
ROADS = (
    ("서울특별시", "강남구", "테헤란로"),
    ("서울특별시", "마포구", "월드컵북로"),
    ("부산광역시", "해운대구", "센텀중앙로"),
    ("경기도 성남시", "분당구", "판교역로"),
    ("인천광역시", "연수구", "컨벤시아대로"),
    ("대구광역시", "수성구", "동대구로"),
)
PRODUCT_TEMPLATES = (
    ("순면 라운드 반팔 티셔츠", "데일리웨어", ("블랙, M", "블랙, L", "화이트, M")),
    ("스테인리스 진공 텀블러 500ml", "키친랩", ("실버", "네이비")),
    ("무선 블루투스 이어폰 BX-200", "사운드핏", ("화이트", "블랙")),
    ("대용량 섬유유연제 2.5L", "클린하우스", ("라벤더", "코튼")),
    ("논슬립 요가매트 8mm", "핏라인", ("퍼플", "그레이")),
)


@dataclass(frozen=True)
class PlantedValue:
    """A synthetic personal value the sandbox put into its data, with `kind` naming its type."""

    kind: str
    value: str


class SyntheticData:
    """A seeded source of fake personal data that records every value it hands out."""

    def __init__(self, seed: int) -> None:
        # Seeded for reproducible test data, not for anything secret.
        self.rng = random.Random(seed)  # noqa: S311
        self._planted: dict[PlantedValue, None] = {}

    @property
    def planted(self) -> list[PlantedValue]:
        return list(self._planted)

    def plant(self, kind: str, value: str) -> str:
        self._planted[PlantedValue(kind, value)] = None
        return value

    def name(self, length: int | None = None) -> str:
        """Return a Korean name of 2, 3 or 4 letters, most 4-letter ones with a compound surname."""
        rng = self.rng
        size = length if length is not None else rng.choice((2, 3, 3, 3, 4))
        if size >= 3 and rng.random() < (0.7 if size == 4 else 0.1):
            surname = rng.choice(COMPOUND_SURNAMES)
        else:
            surname = rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN_SYLLABLES) for _ in range(size - len(surname)))
        return self.plant("name", surname + given)

    def mobile(self) -> str:
        """Return a 010 mobile number in one of the spellings buyers type."""
        middle = self.rng.randint(2000, 9999)
        last = self.rng.randint(0, 9999)
        spelling = self.rng.choice(("{}-{}-{:04d}", "{} {} {:04d}", "{}{}{:04d}", "{}.{}.{:04d}"))
        return self.plant("phone", spelling.format("010", middle, last))

    def safe_number(self) -> str:
        """Return a 050x safe number (안심번호), as Coupang hands out instead of real numbers."""
        prefix = f"050{self.rng.choice('2345678')}"
        number = f"{prefix}-{self.rng.randint(1000, 9999)}-{self.rng.randint(0, 9999):04d}"
        return self.plant("safe_number", number)

    def email(self) -> str:
        letters = "abcdefghijklmnopqrstuvwxyz"
        local = "".join(self.rng.choice(letters) for _ in range(self.rng.randint(4, 8)))
        local += str(self.rng.randint(1, 99))
        return self.plant("email", f"{local}@{self.rng.choice(EMAIL_DOMAINS)}")

    def account_number(self) -> str:
        bank = self.rng.choice(BANKS)
        digits = f"{self.rng.randint(100000, 999999)}-{self.rng.randint(10, 99)}-"
        digits += f"{self.rng.randint(100000, 999999)}"
        self.plant("account_number", digits)
        return f"{bank} {digits}"

    def address(self) -> tuple[str, str, str]:
        """Return (zip code, road address with building number, unit detail)."""
        city, district, road = self.rng.choice(ROADS)
        street = f"{city} {district} {road} {self.rng.randint(1, 399)}"
        detail = f"{self.rng.randint(101, 120)}동 {self.rng.randint(101, 2504)}호"
        zip_code = f"{self.rng.randint(1000, 63999):05d}"
        self.plant("address", street)
        self.plant("address_detail", detail)
        return zip_code, street, detail

    def product_inquiry_text(self) -> str:
        """Return a buyer question, which carries personal data in five cases out of six."""
        choice = self.rng.randrange(6)
        if choice == 0:
            return f"배송 언제 되나요? 급해서요. 연락은 {self.mobile()} 로 문자 주세요."
        if choice == 1:
            _, street, detail = self.address()
            return f"배송지 변경 부탁드려요.\r\n{street} {detail}\r\n받는 분 {self.name()}"
        if choice == 2:
            return f"환불 계좌 남깁니다. {self.account_number()} 예금주 {self.name()}"
        if choice == 3:
            return f"사이즈 표 받을 수 있을까요? {self.email()} 로 보내주세요."
        if choice == 4:
            return f"{self.name(3)}님께 선물하려는데 포장 되나요? 제 번호 {self.mobile()}"
        return "스판이 강한 편인가요? 평소 M 입는데 L 사야 할까요?"

    def agent_transfer_text(self, order_id: int, item_name: str) -> str:
        """Return a Coupang agent's transfer note, which names the buyer with a phone number."""
        return (
            "[판매자이관]\n"
            f"◼주문번호: {order_id}\n"
            f"◼아이템: {item_name}\n"
            f"◼고객명/연락처: <<{self.name()}/{self.mobile()}>>\n"
            "◼문의내용: 상품 회수 일정 확인 요청하셨습니다. 확인 후 안내 부탁드립니다.\n"
        )

    def return_reason_text(self) -> str:
        if self.rng.random() < 0.3:
            return ""
        _, street, detail = self.address()
        return f"회수는 {street} {detail} 경비실로 와주세요. 연락처 {self.mobile()}"

    def exchange_detail_text(self) -> str:
        return f"다른 색상이 왔어요. 교환 상품 수령인 {self.name()}, 연락처 {self.mobile()}"
