"""Whether a name shows as it is: characters that do not show (zero-width, bidirectional
controls…) and words whose letters mix alphabets (a Cyrillic о in a Latin name). Names
are trusted as they read (a pack's key is pinned to its therapist's name), so these are
what ``painease.domain.programs.check_shown_names`` refuses; and ``look_alike_key``, the
form in which two names that read the same compare equal, even when one is written
wholly in look-alike letters (``reads_alike_key``: punctuation and spacing aside too).
``control_characters`` and ``bidi_controls`` (and ``control_places``, ``bidi_places``:
where they are, in words) and ``without_invisible`` serve the script format's rule that shown text
is never blank nor holds controls; ``one_line`` tidies a name typed with line breaks or
tabs. Pure text, no I/O.
"""

from __future__ import annotations

import re
import unicodedata


def invisible_characters(text: str) -> list[str]:
    """The code points in ``text`` that do not show as themselves on one line: controls,
    format characters (zero-width, bidirectional overrides), line separators, private use
    and surrogates; as "U+200B" and so on, once each, in order."""
    found = dict.fromkeys(f"U+{ord(ch):04X}" for ch in text
                          if unicodedata.category(ch) in _INVISIBLE)
    return list(found)


def mixed_script_words(text: str) -> list[tuple[str, list[str]]]:
    """The words of ``text`` whose letters come from more than one alphabet, with those
    alphabets: "Morenо" with a Cyrillic o gives ("Morenо", ["Latin", "Cyrillic"]). A name
    written wholly in one alphabet passes, whichever it is; Chinese, Japanese and Korean
    letters count as one. The alphabet is the first word of the letter's Unicode name
    (LATIN, CYRILLIC, GREEK…; "MATHEMATICAL" for the look-alike math letters)."""
    found = []
    for word in re.split(r"[^\w]+|_", text):
        scripts = list(dict.fromkeys(_alphabet(ch) for ch in word if ch.isalpha()))
        if len(scripts) > 1:
            found.append((word, [name.title() for name in scripts]))
    return found


def _alphabet(letter: str) -> str:
    words = unicodedata.name(letter, "UNKNOWN").split()
    first = words[1] if words[0] in ("FULLWIDTH", "HALFWIDTH") and len(words) > 1 else words[0]
    return "CJK" if first in _CJK else first


_CJK = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC"})


def control_characters(text: str, allowed: str = "\t\n\r") -> list[str]:
    """The control code points in ``text`` (NUL, escape, backspace…) other than
    ``allowed`` (tab and line breaks by default: a longer text may be written on several
    lines), as "U+0000" and so on, once each, in order. Unlike the zero-width joiners
    that some languages need, they never belong in text that is shown."""
    return list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in text
                              if unicodedata.category(ch) == "Cc" and ch not in allowed))


def control_places(text: str, allowed: str = "\t\n\r", most: int = 3) -> str:
    """Where the control characters ``control_characters`` finds are, for someone who
    cannot see them: each of the first ``most`` by the words on either side (two at most,
    split at white space and controls) and its position, the rest by code point ("U+000B
    between “Notice” and “the knee,”, at character 8; and 2 more: U+0007"); "" if none."""
    return _places(text, [i for i, ch in enumerate(text)
                          if unicodedata.category(ch) == "Cc" and ch not in allowed], most)


def bidi_places(text: str, most: int = 3) -> str:
    """Where the bidirectional controls ``bidi_controls`` finds are, said as
    ``control_places`` says controls' places ("U+202E between “Tracking is” and “efasnu.”,
    at character 13"); "" if none."""
    return _places(text, [i for i, ch in enumerate(text) if ch in _BIDI_CONTROLS], most)


def _places(text: str, at: list[int], most: int) -> str:
    """The characters of ``text`` at the indices ``at``, placed by words and position: the
    first ``most`` each by the words on either side, the rest by code point."""
    said = []
    for i in at[:most]:
        before, after = _words(text[:i])[-2:], _words(text[i + 1:])[:2]
        where = (f"between “{' '.join(before)}” and “{' '.join(after)}”" if before and after
                 else f"at the start, before “{' '.join(after)}”" if after
                 else f"at the end, after “{' '.join(before)}”" if before else "")
        said.append(f"U+{ord(text[i]):04X}{' ' if where else ''}{where}, at character {i + 1}")
    rest = list(dict.fromkeys(f"U+{ord(text[i]):04X}" for i in at[most:]))
    if rest:
        said.append(f"and {len(at) - most} more: {', '.join(rest)}")
    return "; ".join(said)


def _words(text: str) -> list[str]:
    """The words of ``text``, parted by white space and control characters, without the
    bidirectional controls in them (they would reorder the message that quotes them); a
    long one cut to its first 20 characters."""
    plain = "".join(ch for ch in text if ch not in _BIDI_CONTROLS)
    return [w if len(w) <= 20 else w[:20] + "…"
            for w in re.split(r"[\s\x00-\x1f\x7f-\x9f]+", plain) if w]


def bidi_controls(text: str) -> list[str]:
    """The bidirectional embeddings, overrides and isolates in ``text`` (U+202A–U+202E,
    U+2066–U+2069), as "U+202E" and so on, once each, in order. They reorder the text
    around them, so what is shown can read differently from what was written (an override
    turns "safe" into "efas" on screen, an isolate moves words). Arabic and Hebrew need
    none of them: the letters carry their own direction. The marks U+200E, U+200F and
    U+061C are not here: they only settle where punctuation or a number sits beside
    right-to-left words, and such text uses them."""
    return list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in text if ch in _BIDI_CONTROLS))


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def without_invisible(text: str) -> str:
    """``text`` without the code points ``invisible_characters`` names."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE)


def one_line(text: str) -> str:
    """``text`` as a name is shown, on one line: every run of white space (line breaks,
    tabs and line separators too) one space, so the words they part stay apart, then the
    code points ``invisible_characters`` names dropped; no space at either end."""
    return " ".join(without_invisible(" ".join(text.split())).split())


_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})


def look_alike_key(name: str) -> str:
    """``name`` as it reads: compatibility forms unified (NFKC: fullwidth and math letters
    become plain ones), Cyrillic and Greek letters that look like Latin ones replaced by
    them, case and spacing ignored. "Dr. Расо Lee" in Cyrillic letters and "Dr. Paco
    Lee" give the same key."""
    folded = unicodedata.normalize("NFKC", name).translate(_LOOK_ALIKES)
    return " ".join(folded.split()).casefold()


def reads_alike_key(name: str) -> str:
    """``name`` as a patient reads it, to say whether two names read alike (Home's and Send
    results…' senders, a patient's sent name, ``painease.packs.sender_name``): the
    ``look_alike_key`` with punctuation and spacing left out too, so "Dr. Lee", "Dr Lee"
    and "dr.lee" give the same key, as do "O'Neil" and "ONeil". A name of punctuation
    only keeps its ``look_alike_key``. Pins keep ``look_alike_key``: it is stored with
    each pin (``painease.storage.programs.therapist_key_name``)."""
    key = look_alike_key(name)
    letters = "".join(ch for ch in key
                      if not ch.isspace() and not unicodedata.category(ch).startswith("P"))
    return letters or key


# Cyrillic and Greek letters drawn like a Latin one in common fonts (after Unicode's
# confusables list, reduced to whole-letter look-alikes).
_LOOK_ALIKES = str.maketrans({
    **dict(zip("аеорсухіјѕԁһԛԝӏү", "aeopcyxijsdhqwly", strict=True)),
    **dict(zip("АВЕКМНОРСТУХІЈЅҮԚԜ", "ABEKMHOPCTYXIJSYQW", strict=True)),
    **dict(zip("αοινρυ", "aoivpu", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
})
