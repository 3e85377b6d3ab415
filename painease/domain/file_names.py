"""A piece of a suggested file name made from what a person typed (``file_name_part``):
a patient's name in the report's name, a set's title in its pack's and set file's.

Only the words are kept (letters, marks and digits of any script, so "Zoë", "安娜" and
"प्रिया" stay whole), joined by dashes: no path separator or "..", no control or
formatting character, nothing a common file system refuses (\\ / : * ? " < > |), no
leading dot or dash. The result is cut to a number of UTF-8 bytes on a character boundary
(a name may be 200 characters of anything; 100 × "安娜" once made a 631-byte file name,
past the 255 most file systems allow). An empty result means nothing usable was left:
the caller then suggests its name without the person's text.

Pure: the standard library only.
"""

from __future__ import annotations

import unicodedata

# The person's part of a name: with painease's own words and the date around it, and the
# temp name a write uses beside it (``painease.files.temp_beside``), well under 255 bytes.
NAME_PART_BYTES = 150


def file_name_part(text: str | None, max_bytes: int = NAME_PART_BYTES) -> str:
    """``text``'s words joined by dashes, at most ``max_bytes`` of UTF-8 (see the module
    docstring); "" when no word is left."""
    if not text:
        return ""
    words, word = [], []
    for char in unicodedata.normalize("NFC", text):
        if unicodedata.category(char)[0] in "LMN":
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    joined = "-".join(words).encode()[:max_bytes].decode(errors="ignore")
    return joined.strip("-")
