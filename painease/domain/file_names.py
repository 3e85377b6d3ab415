"""A piece of a suggested file name made from what a person typed (``file_name_part``):
a patient's name in the report's name, a set's title in its pack's and set file's.

Only the words are kept (letters, marks and digits of any script, so "Zoë", "安娜" and
"प्रिया" stay whole), joined by dashes: no path separator or "..", no control or
formatting character, nothing a common file system refuses (\\ / : * ? " < > |), no
leading or trailing dot, space or dash. Nor is it a name Windows keeps for a device (CON,
PRN, AUX, NUL, COM0-9, LPT0-9 and COM/LPT with ¹ ² ³, in any case): Windows refuses such a
file, with an extension too ("con.painease"), so one gets a "_" after it ("con_"). The
result is cut to a number of UTF-8 bytes on a character boundary (a name may be 200
characters of anything; 100 × "安娜" once made a 631-byte file name, past the 255 most
file systems allow). An empty result means nothing usable was left:
the caller then suggests its name without the person's text.

Pure: the standard library only.
"""

from __future__ import annotations

import unicodedata

# The person's part of a name: with painease's own words and the date around it, and the
# temp name a write uses beside it (``painease.temp_files.temp_beside``), well under 255 bytes.
NAME_PART_BYTES = 150

_DEVICES = frozenset({"con", "prn", "aux", "nul"} | {
    f"{port}{number}" for port in ("com", "lpt") for number in "0123456789\u00b9\u00b2\u00b3"})


def file_name_part(text: str | None, max_bytes: int = NAME_PART_BYTES) -> str:
    """``text``'s words joined by dashes, at most ``max_bytes`` of UTF-8 (see the module
    docstring); "" when no word is left (or only a device's name, with no room for "_")."""
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
    joined = "-".join(words).encode()[:max_bytes].decode(errors="ignore").strip("-")
    if joined.lower() in _DEVICES:
        return f"{joined}_" if len(joined.encode()) < max_bytes else ""
    return joined
