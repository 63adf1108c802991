"""Addresses, zip codes, apartment units and door codes: structured maskers and detectors.

An address keeps its region, city or district and its road or dong, and everything from the
building or lot number on becomes `***`: 서울 강남구 테헤란로 ***. The detail line is
masked whole, because a building name or unit identifies a household.
"""

import re
from collections.abc import Iterator

from bot.privacy.spans import Line, Span

ADDRESS_MASK = "***"
DOOR_CODE_MASK = "[출입번호]"

_SIDO = (
    r"(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|충청북|충청남|전북|전남|"
    r"전라북|전라남|경북|경남|경상북|경상남|제주)(?:특별자치시|특별자치도|특별시|광역시|도)?"
)
# Words that end like a city, county or district but are everyday words (다시, 친구, 장군).
_NOT_DISTRICT = frozenset(
    "다시 혹시 역시 당시 즉시 동시 수시 일시 표시 잠시 게시 무시 제시 지시 실시 감시 개시 "
    "도시 정시 항시 평시 전시 요구 친구 연구 입구 출구 가구 도구 문구 기구 장군 아군 "
    "전구 탈구 창구 추구 소구 완구 시구".split()
)
_DISTRICT = r"[가-힣]{1,6}(?:시|군|구)"
_TOWN = r"[가-힣]{1,6}(?:읍|면)"
_REGION_CHAIN = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?:(?P<sido>{_SIDO})\s+(?P<after_sido>(?:{_DISTRICT}\s+){{0,3}})"
    rf"|(?P<districts>(?:{_DISTRICT}\s+){{1,3}}))(?:{_TOWN}\s+)?"
)
# Road names are Hangul ending in 로 or 길, optionally with a numbered side road (9길, 123번길).
# A word ending in the particle 으로 (매장으로) is never a road name.
_ROAD = r"[가-힣]{1,12}(?:(?<!으)로|길)(?:\s?[0-9]{1,4}번?길)?"
_LOT_AREA = r"[가-힣][가-힣0-9]{0,8}(?:\s?[0-9]{1,2}가|동|리|가)"
_NUMBER = r"(?:산\s?)?[0-9]{1,5}(?:-[0-9]{1,5})?(?:번지)?"
_BUILDING = (
    r"[가-힣A-Za-z0-9]{1,20}(?:아파트|빌라|빌딩|오피스텔|맨션|타워|APT|apt|하이츠|캐슬|타운|주택|"
    r"센터|단지)"
)
_BUILDING_LETTER = r"(?:[0-9]{1,4}|[A-Za-z]{1,2}|[가나다라마바사아자차카타파하])"
_DETAIL = (
    r"\([가-힣A-Za-z0-9,\s]{1,30}\)"
    rf"|{_BUILDING}"
    r"|(?:지하|B)?\s?[0-9]{1,3}\s?층"
    # A building named by a number, Latin letters (A동, N동) or one Hangul letter (가동).
    rf"|{_BUILDING_LETTER}\s?동(?:\s?[0-9]{{1,5}}\s?호)?"
    r"|[0-9]{1,5}\s?호"
    # A building name without a known suffix counts only right before its unit or floor.
    rf"|[가-힣A-Za-z][가-힣A-Za-z0-9]{{1,19}}(?=\s?(?:{_BUILDING_LETTER}\s?동|[0-9]{{1,3}}\s?층))"
    r"|[0-9]{1,4}-[0-9]{1,5}(?![0-9])"
)
# Units after a number that make it a quantity, price or date rather than a building number.
# A separator followed by a digit (30,000원, 3.5, 2026-01-01) rules it out as well.
_QUANTITY_UNIT = (
    r"개|원|명|일|월|년|분|초|번째|회|건|장|켤레|벌|박스|세트|kg|g\b|mm|cm|ml|%|만|천|억"
)
_ADDRESS_TAIL = re.compile(
    # The building number may be missing when a building name follows (역삼동 래미안아파트).
    rf"(?P<area>{_ROAD}|{_LOT_AREA})(?:\s?(?P<number>{_NUMBER})|(?=\s?{_BUILDING}))"
    rf"(?P<detail>(?:\s?,?\s?(?:{_DETAIL})){{0,4}})"
    rf"(?![0-9A-Za-z]|[,.\-/][0-9])(?!번?길|가(?![가-힣]))(?!\s?(?:{_QUANTITY_UNIT}))"
)
# A road name alone marks an address when it has a road-only suffix (대로, 번길, 9길).
_STRONG_ROAD = re.compile(
    r"(?<![가-힣A-Za-z0-9])(?P<area>[가-힣]{1,12}(?:대로|로\s?[0-9]{1,4}번?길|길\s?[0-9]{1,4}번?길))"
    rf"\s?(?P<number>[0-9]{{1,5}}(?:-[0-9]{{1,5}})?)(?P<detail>(?:\s?,?\s?(?:{_DETAIL})){{0,4}})"
    r"(?![0-9A-Za-z]|[,.\-/][0-9])(?!번?길)"
)
_APARTMENT_UNIT = re.compile(
    r"(?<![0-9A-Za-z*])(?P<building>[0-9]{1,4}|[A-Za-z]{1,2})"
    r"(?P<mid>\s?동\s?)(?P<unit>[0-9]{1,5})(?P<end>\s?호)"
)
# A road with a building number counts without a region only when a dong, unit or floor
# follows (판교역로 123 에이치스퀘어 N동 7층). Without one, a word ending in 로 or 길 and a
# number may be a quantity or a date.
_ROAD_WITH_UNIT = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<area>{_ROAD})\s?(?P<number>[0-9]{{1,5}}(?:-[0-9]{{1,5}})?)"
    rf"(?P<detail>(?:\s?,?\s?(?:{_DETAIL})){{1,4}})"
    r"(?![0-9A-Za-z]|[,.\-/][0-9])"
)
_UNIT_WORD = re.compile(r"[0-9A-Za-z가-힣]\s?(?:동|층|호)")
_AREA_TOKEN = re.compile(
    rf"(?:{_SIDO}|[가-힣][가-힣A-Za-z0-9]{{0,19}}(?:시|도|군|구|읍|면|동|리|가|로|길))"
)

_DOOR_PLACE = r"공동\s?현관|현관문|현관|출입문|출입구|대문|게이트|정문|후문|건물|로비|gate|door"
_DOOR_CODE_WORD = (
    r"비밀\s?번호|비번|출입\s?번호|출입\s?코드|현관\s?번호|도어락\s?번호|호출(?:\s?번호)?|패스워드|"
    r"password|pw|code|코드"
)
_DOOR_CODE = re.compile(
    rf"(?:(?:{_DOOR_PLACE})\s?(?:{_DOOR_CODE_WORD})?|(?:{_DOOR_CODE_WORD}))"
    r"\s?(?:[:：=]|은|는|이|가)?\s?"
    r"(?P<code>[#*]{0,2}[0-9]{3,10}[#*]{0,2})"
    r"(?![0-9\-]|\s?호)",
    re.IGNORECASE,
)
# After a word that can only mean a code, a few words may come before it
# (비번은 종 모양 누르고 1234), but no punctuation, so the gap stays inside one phrase.
_DOOR_CODE_AFTER_WORDS = re.compile(
    r"(?:비밀\s?번호|비번|출입\s?번호|출입\s?코드|호출)[^0-9\n#*\[\]().,:;!?/]{1,12}?"
    r"(?P<code>[#*]{0,2}[0-9]{3,10}[#*]{0,2})"
    r"(?![0-9\-]|\s?호)"
)


def mask_address(address: str) -> str:
    """Mask an address after its last leading region, district, road or dong token."""
    if not address.strip():
        return address
    kept_end = 0
    for token in re.finditer(r"[^\s,]+", address):
        if not _AREA_TOKEN.fullmatch(token.group()) or token.group() in _NOT_DISTRICT:
            break
        kept_end = token.end()
    else:
        return address
    if kept_end == 0:
        return ADDRESS_MASK
    return f"{address[:kept_end]} {ADDRESS_MASK}"


def mask_address_detail(detail: str) -> str:
    """Mask an address detail line (building name, 동/호, floor) whole."""
    return ADDRESS_MASK if detail.strip() else detail


def mask_zip_code(zip_code: str) -> str:
    """Keep the first 3 digits of a zip code, which name only a district, and mask the rest."""
    digit_position = 0
    masked: list[str] = []
    for char in zip_code:
        if char.isdigit() or char == "*":
            masked.append(char if digit_position < 3 else "*")
            digit_position += 1
        else:
            masked.append(char)
    return "".join(masked)


def mask_door_code(code: str) -> str:
    """Replace a door or gate code with its type."""
    return DOOR_CODE_MASK if code.strip() else code


def find_addresses(line: Line) -> Iterator[Span]:
    text = line.words
    for chain in _REGION_CHAIN.finditer(text):
        districts = (chain.group("districts") or chain.group("after_sido") or "").split()
        if any(word in _NOT_DISTRICT for word in districts):
            continue
        tail = _ADDRESS_TAIL.match(text, chain.end())
        if tail is None or not (tail.group("number") or tail.group("detail").strip()):
            continue
        yield Span(chain.start(), tail.end(), mask_address(line.text[chain.start() : tail.end()]))
    for road in _STRONG_ROAD.finditer(text):
        yield Span(road.start(), road.end(), mask_address(line.text[road.start() : road.end()]))
    if _UNIT_WORD.search(text) is None:
        return
    for road in _ROAD_WITH_UNIT.finditer(text):
        if _UNIT_WORD.search(road.group("detail")):
            yield Span(road.start(), road.end(), mask_address(line.text[road.start() : road.end()]))


def find_apartment_units(line: Line) -> Iterator[Span]:
    text = line.words
    if "호" not in text or "동" not in text:
        return
    for match in _APARTMENT_UNIT.finditer(text):
        masked = f"{ADDRESS_MASK}{match.group('mid')}{ADDRESS_MASK}{match.group('end')}"
        yield Span(match.start(), match.end(), masked)


# Every door-code pattern starts with a word that contains one of these.
_DOOR_KEYWORDS = tuple(
    "현관 출입 대문 게이트 정문 후문 건물 로비 gate door 비밀 비번 도어락 호출 패스워드 "
    "password pw code 코드".split()
)


def find_door_codes(line: Line) -> Iterator[Span]:
    if not line.contains_any(_DOOR_KEYWORDS):
        return
    for pattern in (_DOOR_CODE, _DOOR_CODE_AFTER_WORDS):
        for match in pattern.finditer(line.words):
            yield Span(match.start("code"), match.end("code"), DOOR_CODE_MASK)
