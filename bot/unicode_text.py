"""Unicode characters that make text display differently from what it contains."""

# Bidirectional embedding, override and isolate controls (U+202A to U+202E, U+2066 to
# U+2069). Each reorders the text after it until its closing control, so customer text
# containing them could make the rest of a Slack card or a reply read differently.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_BIDI_TABLE = dict.fromkeys(ord(char) for char in BIDI_CONTROLS)


def strip_bidi_controls(text: str) -> str:
    """Remove the bidirectional embedding, override and isolate controls from `text`."""
    return text.translate(_BIDI_TABLE)
