"""Personal names: the structured masker and the free-text detector.

Korean names keep the first and last syllable (홍*, 홍*동, 남**민); a four-or-more-syllable
name with a two-syllable surname keeps the whole surname (남궁*수). Latin-script names keep
the first 2 letters of each word (JO** SM***). Free text is searched only where a label
(수령인, 예금주, 성함…) or an honorific (님, 씨) marks a name, because a bare Korean word of
2-4 syllables cannot be distinguished from a name.
"""

import re
from collections.abc import Iterator

from bot.privacy.contacts import phone_starts_at
from bot.privacy.spans import Line, Span

COMPOUND_SURNAMES = frozenset(
    "남궁 황보 제갈 선우 독고 사공 서문 동방 어금 망절 장곡 소봉 강전 환구".split()
)
# Single-syllable surnames accepted in free text. Very rare ones that are also common word
# starts (사, 부, 가, 시, 상, 동, 화…) are left out on purpose: a missed rare surname costs less
# than masking ordinary words.
SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 "
    "남 심 노 하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 "
    "선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 태 피 "
    "라 란 형 두 감 빈 승 갈 견 당 좌 팽 묵 탄 판 뢰 단 독 궉 엽 범 근 운".split()
)
_LABEL = (
    r"수령인명?|수령자|수취인|받(?:으시)?는\s?(?:분|사람|이)|받으실\s?분|보내(?:시)?는\s?(?:분|사람|이)|"
    r"예금주(?:명)?|성함|성명|이름|주문자(?:명)?|구매자(?:명)?|구입자|고객\s?(?:명|이름|성함)|"
    r"신청인|신청자|요청자|반품자|회수자|수신인|발신인|명의자?|계좌주|name|"
    # Family words before a name (어머니 박순자). The look-behind keeps them from matching
    # inside longer words.
    r"(?<![가-힣])(?:어머니|아버지|어머님|아버님|엄마|아빠|남편|아내|와이프|아들|딸|동생|언니|누나|"
    r"오빠|할머니|할아버지|시어머니|장모님|지인)"
)
# A label can announce a change (수령인 변경: 최민준 -> 최서연). The new name after the arrow
# is masked when the line also has a name label.
_LABEL_CHANGE = r"(?:\s?(?:변경|정정|수정))?"
_ARROW_NAME = re.compile(r"(?:->|→|=>|➡)\s?(?P<hangul>[가-힣]{2,8})(?![*])")
_LABELLED_NAME = re.compile(
    rf"(?:{_LABEL}){_LABEL_CHANGE}(?:\s?/\s?(?:연락처|전화번호|번호|핸드폰))?"
    r"(?:(?:은|는|이|가|의)(?=\s)|\s?[:：=\-])?\s?(?:<<|\(|\[|\")?\s?"
    # The name is matched inside a lookahead, so a label inside a rejected candidate
    # (수령인 여권 수령인 …) still starts a match of its own.
    r"(?=(?P<spaced>(?:[가-힣]{1,2}[ ][가-힣]{2,3}|[가-힣](?:[ ][가-힣]){2,3})(?![가-힣*]))"
    r"|(?P<hangul>[가-힣]{2,8})(?![*])"
    r"|(?P<latin>[A-Za-z]{1,20}(?:[ ][A-Za-z]{1,20}){0,3}(?![A-Za-z*])))",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"(?<![가-힣*])(?P<run>[가-힣]{2,7})(?P<space>\s?)(?:님|씨)(?!\*)")
# A name with a space between every syllable right before an honorific (김 민 준님, 김 민 준 씨).
_SPACED_HONORIFIC = re.compile(
    r"(?<![가-힣*])(?P<run>[가-힣](?:[ ][가-힣]){2,3})[ ]?(?:님|씨)(?!\*)"
)
# A name written right before its phone number: <<홍길동/010-…>>, 홍길동(010-…), 홍길동/010-…,
# 김민준: 010-…, or only a space apart (홍길동 010-…), where the phone detector must confirm
# that a phone number really starts after the space.
_NAME_BEFORE_PHONE = re.compile(
    # The look-behind follows the first syllable, so the regex engine can skip to Hangul.
    r"(?P<name>[가-힣](?<![가-힣*][가-힣])(?:[가-힣]{1,4}|(?:[ ][가-힣]){2,3}))"
    r"(?:\s?[(/:：]\s?(?:0[0-9*]{1,3}|\+82|\*)|(?P<space>[ \t]{1,2})(?=[0-9(+]))"
)
# A self-introduction: 저는 홍길동입니다, 안녕하세요 홍길동입니다 (3 syllables only, because
# sellers greet with short shop names the same way).
_SELF_INTRODUCTION = re.compile(
    r"(?:(?P<me>저는|전|제가)\s?|안녕하세요[.,!~ ]{1,3})"
    r"(?P<name>[가-힣]{2,5})(?:입니다|이에요|예요|이고요|인데요|이구요)"
)
_PREVIOUS_WORD = re.compile(r"(?<![가-힣*])(?P<name>[가-힣]{2,5})\s$")
# A name written with spaces between its syllables (김 민 준 고객님, 김 민준 고객님).
_PREVIOUS_SPACED_NAME = re.compile(
    r"(?<![가-힣*])(?P<name>[가-힣]{1,2}(?:[ ][가-힣]{1,2}){1,3})[ ]$"
)
_TITLES = (
    "고객 회원 선생 사장 대표 기사 과장 팀장 부장 대리 실장 주임 원장 이사 매니저 상담사 "
    "담당자 판매자 구매자 수령인 주문자 택배기사 배송기사"
).split()
# Particles and copulas that may follow a name right after a label (홍길동입니다, 김준으로).
_NAME_SUFFIXES = frozenset(
    (
        "님 씨 이 가 은 는 을 를 의 와 과 랑 이랑 로 으로 에게 께 한테 요 이요 예요 이에요 입니다 "
        "이고 이며 인데 이신데 이구요 이고요 라고 이라고 님께 님이 님의 씨가 씨의 고객님 고객 "
        "님으로 으로요 로요 입니다만 이니 임 께서 님께서 앞 앞으로 명의"
    ).split()
)
# Hangul words that a label or honorific can precede or follow but that are not names.
_NOT_NAMES = frozenset(
    (
        "고객 회원 선생 사장 대표 기사 과장 팀장 부장 대리 실장 주임 원장 이사 손님 부모 어머 "
        "아버 할머 할아버 형님 누님 사모 교수 점장 소장 경비 주인 작가 배송 택배 마음 아저 "
        "아가 변경 확인 정보 수정 입력 오류 기재 잘못 표기 정정 등록 누락 공란 동일 상이 불명 "
        "모름 없음 본인 주소 연락처 전화번호 번호 대신 같은 다른 부탁 관련 우리 저희 모든 기존 "
        "신규 정기 해당 일반 전체 각각 여러 다음 이번 지난 정말 진짜 너무 그냥 미리 빨리 다시 "
        "혹시 역시 가족 남편 아내 부인 친구 동생 언니 오빠 누나 형 자녀 아들 딸 엄마 아빠 "
        "이웃 경비실 관리 관리실 사무실 회사 직장 학교 하나님 하느님 임금 주님 선배 후배 "
        "고객님 판매자 구매자 수령인 주문자 상담사 담당자 매니저 안녕 감사 수고 문의 요청 "
        "고객센터 오늘 어제 내일 서울 부산 대구 인천 광주 대전 울산 세종 경기 강원 충북 충남 "
        "전북 전남 경북 경남 제주 여권 주민 주민번호 면허 카드 계좌 은행 전화 휴대폰 핸드폰 "
        "주문 배송지 반품 교환 환불 취소 이름 성함 성명 예금주 명의 확인부탁 미상 공백 "
        # Words that often stand right before a phone number.
        "연락 문자 통화 회신 긴급 유선 자택 안심 담당 부재시 기사님 연락주세요 연락바람 "
        # Bank names that begin with a surname syllable and stand before account numbers.
        "국민 신한 농협 우체국 하나 기업 수협 신협 씨티 새마을 산업 제일 우리은행 국민은행"
    ).split()
)
# Words before 고객님 that modify it (문의하신 고객님, 구매한 고객님) rather than name someone:
# endings no given name has, and verbal nouns followed by a verb ending.
_MODIFIER_ENDINGS = frozenset("는 던 을 를 에 께 며 면 든 른 할 의".split())
_VERBAL_NOUNS = frozenset(
    (
        "구매 주문 문의 요청 신청 방문 결제 반품 교환 취소 접수 연락 통화 배송 수령 가입 등록 "
        "이용 선택 예약 상담 작성 확인 구입 입금 환불 변경 해지 응답 답변 참여 당첨"
    ).split()
)
# Syllables that start a verb ending or a particle after a common word (변경해, 확인을).
_ENDING_SYLLABLES = frozenset("해하되된한할합했했을를은는에의도만과와로으이가")
_VERB_ENDINGS = ("하신", "하시는", "하셨던", "하던", "했던", "되신", "한", "된", "신", "실")


# A company written before the person's name, as in (주)가나상사 홍길동: the company part is
# kept as written and only the person's name after it is masked.
_COMPANY_MARKER = r"^(?:\(\s?[주유합]\s?\)|㈜|주식회사|유한회사|합자회사)\s?"
_COMPANY_PREFIX = re.compile(_COMPANY_MARKER + r"[^\s]*\s+(?=\S)")
_COMPANY_MARKER_ONLY = re.compile(_COMPANY_MARKER + r"(?=\S)")


def mask_name(name: str) -> str:
    """Mask a personal name: 홍*, 홍*동, 남궁*수, 남**민, JO** SM***.

    A leading company, as in (주)가나상사 홍길동, is kept and the name after it is masked.
    """
    stripped = name.strip()
    if not stripped:
        return name
    company = _COMPANY_PREFIX.match(stripped) or _COMPANY_MARKER_ONLY.match(stripped)
    if company:
        return company.group() + mask_name(stripped[company.end() :])
    # The first character picks the rule, because masking keeps it and so the second pass
    # picks the same rule.
    if stripped[0].isascii():
        return " ".join(_mask_latin_word(word) for word in stripped.split())
    syllables = "".join(stripped.split())
    if len(syllables) == 1:
        return "*"
    if len(syllables) == 2:
        return syllables[0] + "*"
    if len(syllables) >= 4 and syllables[:2] in COMPOUND_SURNAMES:
        return syllables[:2] + "*" * (len(syllables) - 3) + syllables[-1]
    return syllables[0] + "*" * (len(syllables) - 2) + syllables[-1]


def _mask_latin_word(word: str) -> str:
    keep = 2 if len(word) > 2 else 1
    return word[:keep] + "*" * (len(word) - keep)


def _has_surname(candidate: str) -> bool:
    return candidate[0] in SURNAMES or candidate[:2] in COMPOUND_SURNAMES


def _is_name(candidate: str) -> bool:
    """Return whether a 2-4 syllable Hangul word can be a name (5 with a compound surname)."""
    max_length = 5 if candidate[:2] in COMPOUND_SURNAMES else 4
    return (
        2 <= len(candidate) <= max_length
        and _has_surname(candidate)
        and candidate not in _NOT_NAMES
    )


def _split_name(run: str) -> str | None:
    """Split a Hangul run after a label into a name and a known suffix, or return None.

    A name of the usual length wins (3 syllables, or 4 with a two-syllable surname), and
    among the others the split with the longest known suffix.
    """
    if _starts_with_common_word(run):
        return None
    best: tuple[int, int, str] | None = None
    for length in range(2, min(len(run), 5) + 1):
        candidate, suffix = run[:length], run[length:]
        if suffix and suffix not in _NAME_SUFFIXES:
            continue
        if not _is_name(candidate):
            continue
        usual_length = 4 if candidate[:2] in COMPOUND_SURNAMES else 3
        rank = (1 if length == usual_length else 0, len(suffix), candidate)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def _is_modifier(word: str) -> bool:
    if word[-1] in _MODIFIER_ENDINGS:
        return True
    return any(
        word.endswith(ending) and word[: -len(ending)] in _VERBAL_NOUNS for ending in _VERB_ENDINGS
    )


def _starts_with_common_word(run: str) -> bool:
    """Return whether a run is a common word plus an ending (성함이, 변경해주세요).

    A common word followed by other syllables can still be a name (정보라, 주인영), so only
    a known suffix or a verb or particle syllable after it rejects the run.
    """
    for length in (2, 3):
        word, rest = run[:length], run[length:]
        if word not in _NOT_NAMES or len(word) < length:
            continue
        if not rest or rest in _NAME_SUFFIXES or rest[0] in _ENDING_SYLLABLES:
            return True
    return False


# Every name label contains one of these, so a line without them skips the label pattern.
_LABEL_KEYWORDS = tuple(
    "수령 수취 받 보내 예금주 성함 성명 이름 주문자 구매자 구입자 고객 신청 요청자 반품자 회수자 "
    "수신인 발신인 명의 계좌주 name 어머 아버 엄마 아빠 남편 아내 와이프 아들 딸 동생 언니 "
    "누나 오빠 할머니 할아버지 장모 지인".split()
)


def find_labelled_names(line: Line) -> Iterator[Span]:
    if not line.contains_any(_LABEL_KEYWORDS):
        return
    labelled = False
    for match in _LABELLED_NAME.finditer(line.words):
        labelled = True
        latin = match.group("latin")
        if latin:
            if latin.lower() in {"is", "of", "the", "and", "not", "no"}:
                continue
            yield Span(match.start("latin"), match.end("latin"), mask_name(latin))
            continue
        spaced = match.group("spaced")
        if spaced and _is_name(spaced.replace(" ", "")):
            yield Span(match.start("spaced"), match.end("spaced"), mask_name(spaced))
            continue
        group = "spaced" if spaced else "hangul"
        name = _split_name(match.group(group).split(" ")[0])
        if name:
            start = match.start(group)
            yield Span(start, start + len(name), mask_name(name))
    if not labelled:
        return
    for arrow in _ARROW_NAME.finditer(line.words):
        name = _split_name(arrow.group("hangul"))
        if name:
            start = arrow.start("hangul")
            yield Span(start, start + len(name), mask_name(name))


def find_honorific_names(line: Line) -> Iterator[Span]:
    text = line.words
    for match in _SPACED_HONORIFIC.finditer(text):
        joined = match.group("run").replace(" ", "")
        if _is_name(joined):
            yield Span(match.start("run"), match.end("run"), mask_name(joined))
    for match in _HONORIFIC.finditer(text):
        run = match.group("run")
        title = next((title for title in _TITLES if run.endswith(title)), None)
        if title is None:
            if _is_name(run):
                yield Span(match.start("run"), match.end("run"), mask_name(run))
            continue
        prefix = run[: -len(title)]
        if prefix:
            if _is_name(prefix):
                yield Span(match.start("run"), match.start("run") + len(prefix), mask_name(prefix))
            continue
        # A title on its own (홍길동 고객님): the name is the word or spaced syllables before it.
        spaced = _PREVIOUS_SPACED_NAME.search(text, max(0, match.start() - 12), match.start())
        if spaced is not None:
            joined = spaced.group("name").replace(" ", "")
            if len(joined) >= 3 and _is_name(joined):
                yield Span(spaced.start("name"), spaced.end("name"), mask_name(joined))
                continue
        previous = _PREVIOUS_WORD.search(text, max(0, match.start() - 7), match.start())
        if previous is None:
            continue
        name = previous.group("name")
        if _is_name(name) and not _is_modifier(name):
            yield Span(previous.start("name"), previous.end("name"), mask_name(name))


def find_names_before_phones(line: Line) -> Iterator[Span]:
    for match in _NAME_BEFORE_PHONE.finditer(line.numeric):
        # A name written with spaces between its syllables (홍 길 동 010-…) is checked joined.
        name = line.words[match.start("name") : match.end("name")].replace(" ", "")
        if not _is_name(name):
            continue
        if match.group("space") is not None:
            # Only a space apart, a phone number must follow and the word must be a name on
            # its own (not 연락처, 기사님, 안심번호).
            if name[-1] in "님씨" or not phone_starts_at(line.numeric, match.end()):
                continue
            if _split_name(name) != name or _ends_with_common_word(name):
                continue
        yield Span(match.start("name"), match.end("name"), mask_name(name))


def _ends_with_common_word(word: str) -> bool:
    """Return whether a word ends in a common word such as 번호 or 전화 (안심번호, 집전화)."""
    return any(word[start:] in _NOT_NAMES for start in range(1, len(word) - 1))


def find_self_introductions(line: Line) -> Iterator[Span]:
    for match in _SELF_INTRODUCTION.finditer(line.words):
        name = match.group("name")
        if (match.group("me") or len(name) == 3) and _is_name(name):
            yield Span(match.start("name"), match.end("name"), mask_name(name))
