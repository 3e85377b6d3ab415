"""A suggested file name made from what a person typed (a patient's name, a set's title)
is one plain name that any common file system takes: words only, joined by dashes, no
longer than its budget in UTF-8 bytes, never cut inside a character."""

from __future__ import annotations

import pytest

from painease.domain.file_names import NAME_PART_BYTES, file_name_part

REFUSED = set('\\/:*?"<>|')


@pytest.mark.parametrize(("text", "expected"), [
    ("Sam", "Sam"),
    ("Sam/Alex", "Sam-Alex"),
    ("Dr/../../tmp/evil", "Dr-tmp-evil"),
    ('Ana "A&B" <x>: y?*|\\', "Ana-A-B-x-y"),
    ("O'Brien, Zoë", "O-Brien-Zoë"),
    ("Zoe\u0308", "Zoë"),  # decomposed, as some keyboards and macOS give it: one name
    ("प्रिया शर्मा", "प्रिया-शर्मा"),  # vowel signs are marks, not breaks between words
    ("安娜", "安娜"),
    ("line\nbreak\ttab\x00nul\u202eoverride", "line-break-tab-nul-override"),
    ("  -rf  ", "rf"),
    ("..", ""), ("/", ""), ("", ""), (None, ""), ("\u200b\u00a0", ""),
])
def test_a_name_part_keeps_the_words_only(text, expected):
    assert file_name_part(text) == expected


# Windows refuses these as a file's name (its part before the first dot), in any case,
# with an extension or without: "con.painease" or "COM1.pdf" cannot be saved there.
@pytest.mark.parametrize(("text", "expected"), [
    ("Con", "Con_"), ("NUL", "NUL_"), ("aux", "aux_"), ("prn", "prn_"), ("COM1", "COM1_"),
    ("lpt9", "lpt9_"), ("com0", "com0_"), ("LPT\u00b9", "LPT\u00b9_"), ("Com\u00b3", "Com\u00b3_"),
    ("aux.", "aux_"), (" nul . ", "nul_"), ("<CON>", "CON_"), ("nul.txt", "nul-txt"),
    ("Connor", "Connor"), ("COM10", "COM10"), ("com 1", "com-1"), ("Sam.", "Sam"),
    ("Sam... ", "Sam"),
])
def test_a_name_part_is_never_a_windows_device_name(text, expected):
    assert file_name_part(text) == expected


def test_a_device_name_past_a_small_budget_leaves_nothing():
    # "COM1_" is five bytes: in four, "COM1" alone would be refused, so nothing is left.
    assert file_name_part("COM1", 4) == ""
    assert file_name_part("COM1", 5) == "COM1_"


def test_a_long_name_is_cut_on_a_character_boundary_within_its_bytes():
    # 100 × "安娜" once made a 631-byte name, and the report could not be written.
    part = file_name_part("安娜" * 100)
    assert len(part.encode()) <= NAME_PART_BYTES
    assert part == "安娜" * 25  # 150 bytes: whole characters, three bytes each
    odd = file_name_part("a" + "安" * 100)  # 1 + 3k bytes: the cut falls inside one
    assert len(odd.encode()) == 148 and odd == "a" + "安" * 49
    assert file_name_part("Sam " + "x" * 200, 10) == "Sam-xxxxxx"
    assert file_name_part("Sam  Alex", 4) == "Sam"  # never ends on a dash


@pytest.mark.parametrize("text", ["Sam/Alex", "安娜" * 100, "..", "x" * 500, "a/../b\n" * 50,
                                  "😀" * 100, "\u0301" * 300])
def test_every_name_part_is_safe(text):
    part = file_name_part(text)
    assert len(part.encode()) <= NAME_PART_BYTES
    assert not REFUSED & set(part) and ".." not in part
    assert all(ch.isprintable() for ch in part)
    assert not part.startswith(("-", ".")) and not part.endswith(("-", ".", " "))
