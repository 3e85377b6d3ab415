"""Key ids and fingerprints: what people compare, from a public key's SHA-256 alone.

Only ``hashlib``: Home shows a therapist's fingerprint from the stored key without loading
PyNaCl (``painease.packs.identity``, which re-exports these), so start-up stays quick.
A fingerprint is written the one way everywhere, ``therapist init`` and the app alike, so
a patient can compare it with what their therapist reads out over the phone.
"""

from __future__ import annotations

import hashlib


def key_id(public_key_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:16]


def fingerprint(public_key_hex: str) -> str:
    return in_fours(hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:32])


def in_fours(hex_digits: str) -> str:
    """Hex digits as a fingerprint is written: "ab12 cd34 …". A key id (the fingerprint's
    first 16 digits) written this way is how its fingerprint starts."""
    return " ".join(hex_digits[i:i + 4] for i in range(0, len(hex_digits), 4))
