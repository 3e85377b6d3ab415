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
    assert not part.startswith(("-", ".")) and not part.endswith(("-", "."))
