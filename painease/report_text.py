"""Free text in the report kept to itself: ``isolated(text)``, ``free(text)``, ``report_voice``;
``one_line(text)`` for the PDF's title.

What a patient or a therapist typed (a note, a name, a set's or a session's title) is put
into the report's sentences and lines. Unicode's bidirectional controls in it once
reordered the report's own words: a note with an unclosed right-to-left override
(U+202E) turned the rest of its session's notes backwards, the app's labels too
("retfa setunim 02 deklaw :noisses eht retfA"), as a name with one did its heading. So
each such text is a bidi isolate, between FIRST STRONG ISOLATE (U+2068) and POP
DIRECTIONAL ISOLATE (U+2069): its own direction and any override or embedding it opens
end at its end, and the words around it keep theirs (Qt's layout follows the Unicode
bidirectional algorithm's isolates). A stray closing isolate in the text, which would end
the isolate early, is dropped; a paragraph separator, which would too, becomes a line
break. The controls themselves are not drawn (nor read back from the PDF). A paragraph's
own direction is not the isolate's to give: Qt takes it from the paragraph's first strong
letter, inside an isolate too, so ``report_document`` lays every paragraph out left to
right, as the report's words are (a name starting with U+200F, or an Arabic one, turned
the heading "Sam's notes" into "s notes'Sam").

The PDF's title (its metadata) is not laid out by Qt but shown on its own by a viewer, in
its title bar or a window list, where isolates are often not followed (or are drawn as
boxes). So what was typed goes into it with its bidi controls taken out (``one_line``):
its letters keep their own direction, an override (U+202E) typed at the end of a name no
longer turns the rest of the title ("(key 1a2b …)") backwards, and its breaks are spaces.
"""

from __future__ import annotations

import html
import re

from painease.domain.voice import Voice, voice_for

FSI, PDI = "\u2068", "\u2069"
OPENS = "\u2066\u2067\u2068"  # LRI, RLI, FSI
# Bidi class B (paragraph separators) other than "\n": each would end the isolate.
_PARAGRAPH = re.compile("\r\n|[\r\x1c\x1d\x1e\x85\u2029]")
# Bidi formatting characters (embeddings, overrides, isolates, their ends) and marks.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Line and paragraph breaks, tabs and the other control characters: a title is one line.
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def isolated(text: str) -> str:
    """``text`` (not escaped) as one bidi isolate: nothing in it reorders what is around."""
    text = _PARAGRAPH.sub("\n", text)
    kept, depth = [], 0
    for char in text:
        if char in OPENS:
            depth += 1
        elif char == PDI:
            if not depth:
                continue  # it would close the isolate around the text
            depth -= 1
        kept.append(char)
    return f"{FSI}{''.join(kept)}{PDI}"


def one_line(text: str) -> str:
    """``text`` with no bidi controls, on one line (its breaks spaces): for a place shown
    with no isolates, the PDF's title."""
    text = _BREAKS.sub(" ", _BIDI_CONTROLS.sub("", text))
    return " ".join(text.split())


def free(text: str) -> str:
    """``text`` isolated and HTML-escaped, for the report's HTML."""
    return html.escape(isolated(text))


def report_voice(patient_name: str | None) -> Voice:
    """``voice_for(patient_name)`` with the name isolated ("Sam's notes", "What Sam
    noticed"): a name is typed, and said in the report's own sentences."""
    voice = voice_for(patient_name)
    return voice if voice.own else Voice(isolated(voice.name))
