"""Spans found by the detectors, and how they are merged into one masked line."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from bot.privacy.digits import normalize_for_matching, spell_out_digits


@dataclass(frozen=True, slots=True)
class Span:
    """A range of one line and its replacement; `replacement=None` protects the range as is."""

    start: int
    end: int
    replacement: str | None


class Line:
    """One line of text with the normalized copies the detectors match against.

    Both copies have the same length as `text`, so a match offset in either one is an offset
    in `text`.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def numeric(self) -> str:
        """The text with digits, spelled-out Korean digits and dashes in ASCII form."""
        return spell_out_digits(self.words)

    @cached_property
    def digit_count(self) -> int:
        """The number of digits in the text, spelled-out Korean digits included."""
        return sum(map(self.numeric.count, "0123456789"))

    @cached_property
    def lowered(self) -> str:
        """The `words` copy in lower case, for cheap keyword tests before a pattern runs."""
        return self.words.lower()

    def contains_any(self, keywords: Iterable[str]) -> bool:
        """Return whether any lower-case keyword occurs in the line."""
        lowered = self.lowered
        return any(keyword in lowered for keyword in keywords)

    @cached_property
    def words(self) -> str:
        """The text with digits and dashes in ASCII form but Hangul syllables unchanged."""
        return normalize_for_matching(self.text, spelled_digits=False)


def apply_spans(text: str, ranked: Iterable[Iterable[Span]]) -> str:
    """Replace the spans of `text`, where earlier groups win over later ones that overlap.

    Inside a group, spans are taken in the order given, and a span that overlaps one already
    taken is dropped. Protected spans take their range without changing it.
    """
    covered = bytearray(len(text))
    chosen: list[Span] = []
    for group in ranked:
        for span in group:
            if span.start >= span.end or covered.find(1, span.start, span.end) != -1:
                continue
            covered[span.start : span.end] = b"\x01" * (span.end - span.start)
            if span.replacement is not None:
                chosen.append(span)
    if not chosen:
        return text

    chosen.sort(key=lambda span: span.start)
    parts: list[str] = []
    cursor = 0
    for span in chosen:
        parts.append(text[cursor : span.start])
        parts.append(span.replacement or "")
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts)
