"""Whose ratings a sentence is about: the reader's own, or a named patient's.

Contract
--------
* Every function that writes a plain-language sentence about someone's ratings takes a
  ``Voice`` (``painease.domain.readings``, and the Insights page's and the
  report's texts built on them). The default everywhere is ``YOU``: the second person, for
  a patient reading their own results ("your last 10 rated sessions"), so the patient's
  wording never changes unless a caller asks for another voice.
* ``Voice.about("Sam")`` is a named third person, for a therapist reading a patient's
  imported results: the name at a sentence's first mention ("Sam's last 10 rated
  sessions"), "their" / "they" after it.
* ``voice_for(name)`` is ``YOU`` for None or a blank name, else ``Voice.about(name)`` (the
  Insights page and the report are handed an optional patient name).
* Only possessives and subject pronouns change. Sentences that use the person as a subject
  use verbs that do not change with the person ("can", the past tense).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Voice:
    """``name`` None: speak to the reader ("your"); else speak about that person."""

    name: str | None = None

    @classmethod
    def about(cls, name: str) -> Voice:
        """A named third person; runs of spaces in the name become one."""
        tidy = " ".join(str(name).split())
        if not tidy:
            raise ValueError("a voice about someone needs their name")
        return cls(tidy)

    @property
    def own(self) -> bool:
        """True when the reader is the person the ratings belong to."""
        return self.name is None

    def whose(self, first: bool = True) -> str:
        """'your'; or "Sam's" at the first mention in a sentence and 'their' after it."""
        if self.name is None:
            return "your"
        return f"{self.name}'s" if first else "their"

    def who(self, first: bool = True) -> str:
        """'you'; or 'Sam' at the first mention in a sentence and 'they' after it."""
        if self.name is None:
            return "you"
        return self.name if first else "they"


YOU = Voice()


def voice_for(name: str | None) -> Voice:
    """``YOU`` without a name (None or blank), else the voice about that person."""
    if name is None or not name.strip():
        return YOU
    return Voice.about(name)


def capital(text: str) -> str:
    """``text`` with its first letter upper-case (a voice's word starting a sentence); a
    name the report isolated (``painease.report_text``) starts after its isolate mark."""
    start = len(text) - len(text.lstrip("\u2066\u2067\u2068"))
    return text[:start] + text[start:start + 1].upper() + text[start + 1:]
