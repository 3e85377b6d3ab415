"""Whose key a pack's therapist name is trusted with: the check ``install_pack`` makes
before anything is written, and the warning it gives when the key differs.

Contract
--------
``trust_check(sets, name, signer, existing_key)`` compares the pack's signer with every
pinned key whose therapist name reads the same as the pack's (``reads_alike_key``: case,
spacing, punctuation and look-alike letters aside, worked out from the pins' stored
names: no column holds it), the pin found by the name itself first; with no pin of that
name, also with the key on record for the same set (``existing_key``). "Dr Lee" after
"Dr. Lee" was pinned is so asked about as a changed key would be, never pinned as a new
therapist without a word (a look-alike name was a way in for someone else's key).
``Trust.changed`` says the signer is not the key trusted before; ``trusted_before`` is
that key, ``trusted_name`` the pin's name as shown when it is another pin's than the
name's own ("Dr. Lee"), else ""; ``replaces`` every other key so trusted, which the
signer takes over from when the patient accepts it (``PinnedKeys.pin_key``).
``key_warning`` is the loud message, naming both names when they differ. Reads only.
"""

from __future__ import annotations

from dataclasses import dataclass

from painease.domain.shown_text import one_line
from painease.packs.fingerprints import fingerprint


@dataclass(frozen=True)
class Trust:
    pinned: str | None  # the key pinned for the name itself (as it reads, punctuation kept)
    trusted_before: str | None  # the key trusted before, when it is not the signer
    trusted_name: str  # … pinned under another name that reads the same ("" if not)
    replaces: tuple[str, ...]  # every key trusted before that is not the signer

    @property
    def changed(self) -> bool:
        return self.trusted_before is not None


def trust_check(sets, name: str, signer: str, existing_key: str | None) -> Trust:
    """Which keys ``name`` is trusted with, against ``signer`` (module doc)."""
    pinned = sets.pinned_key(name)
    trusted = sets.pins_reading_alike(name)  # (name, key, own pin?), the name's own first
    if pinned is None and existing_key is not None:
        trusted.append((name, existing_key, True))
    other = [(n, key, own) for n, key, own in trusted if key != signer]
    if not other:
        return Trust(pinned, None, "", ())
    shown, before, own = other[0]
    replaces = ({key for _, key, _ in other} | {existing_key}) - {None, signer}
    return Trust(pinned, before, "" if own else one_line(shown), tuple(sorted(replaces)))


def key_warning(who: str, signer: str, trust: Trust) -> str:
    """The warning for a pack from ``who`` whose key is not the one trusted before."""
    before = f"({fingerprint(trust.trusted_before)})"
    before = (f"for {trust.trusted_name} {before}, a name that reads the same"
              if trust.trusted_name else f"before {before}")
    return (f"WARNING: this pack says it is from {who}, but it is signed with a different "
            f"key ({fingerprint(signer)}) than the one you trusted {before}. Someone else "
            f"may have made it. Accept it only if {who} confirms the new key with you "
            "directly.")
