"""Text hygiene: decoding, control stripping, mojibake repair, slugs."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from kb_tui.core.text import clean, decode_bytes, repair_mojibake, slugify, strip_controls


def test_decode_utf8_bom_and_crlf() -> None:
    text, enc = decode_bytes(codecs.BOM_UTF8 + b"---\r\ntitle: x\r\n---\r\n")
    assert text == "---\ntitle: x\n---\n"
    assert enc == "utf-8-sig"


def test_decode_utf16_with_bom() -> None:
    text, enc = decode_bytes("# Titre été\n".encode("utf-16"))
    assert text == "# Titre été\n"
    assert enc == "utf-16"


def test_decode_invalid_utf8_uses_replacement() -> None:
    text, enc = decode_bytes(b"caf\xe9\n")
    assert text == "caf\ufffd\n"
    assert "replacements" in enc


def test_strip_controls_removes_escape_sequences_and_bidi() -> None:
    hostile = "a\x1b[2Jb\x1b]52;c;ZXZpbA==\x07c\x9bd\u202ee\u2066f\tg\nh"
    assert strip_controls(hostile) == "a[2Jb]52;c;ZXZpbA==cdef\tg\nh"


def test_repair_mac_roman_mojibake_of_the_sample() -> None:
    assert repair_mojibake("\uf8ffüéØ Architecture Framework") == "🎯 Architecture Framework"
    assert repair_mojibake("\uf8ffüíª Compute") == "💻 Compute"


def test_repair_cp1252_and_latin1_mojibake() -> None:
    assert repair_mojibake("ðŸŽ¯ Goal") == "🎯 Goal"
    assert repair_mojibake("cafÃ©") == "café"


def test_real_accents_are_left_alone() -> None:
    for text in ("café", "naïve façade", "Ünïcödé", "日本語", "🎯 ok"):
        assert repair_mojibake(text) == text


def test_clean_repairs_then_strips() -> None:
    assert clean("\uf8ffüìã Overview\x1b[31m") == "📋 Overview[31m"


def test_slugify_drops_emoji_and_punctuation() -> None:
    assert slugify("🎯 Architecture Framework") == "architecture-framework"
    assert slugify("IDS/IPS systems") == "idsips-systems"
    assert slugify("allocate_physical_servers") == "allocate_physical_servers"
    assert slugify("  Multi   space -- dash ") == "multi-space-dash"
    assert slugify("🚀") == ""


@given(st.text())
def test_clean_never_leaves_control_characters(text: str) -> None:
    out = clean(text)
    for ch in out:
        code = ord(ch)
        assert ch in "\t\n" or not (code < 0x20 or 0x7F <= code <= 0x9F)
        assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
