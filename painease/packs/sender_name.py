"""Whose results: the name a results file gives, against the name that patient's latest
results gave.

Contract
--------
A patient is known by their key; the name in a results file is only what was typed when
it was saved. Two people sharing one computer (and so one painease and one key), or a
patient who typed another person's name, make a file signed by a known key that gives
another name. ``name_change(patient, given)`` says so (``NameChange``) before anything is
merged; the import then waits for the therapist's yes (``painease.packs.results``).

The name is compared with ``Patient.sent_name``, the name the latest file from that key
gave, never with ``Patient.name``, the therapist's label (Rename… changes it): a rename
is never asked about. Names are compared as they read (``look_alike_key``: case, spacing
and look-alike letters ignored). Nothing is asked when the file gives no name, when the
key is new, or when no file from that key ever gave one. For a patient imported before
painease kept the name (``sent_name`` None), the label is what there is to compare with,
and the question says so (a label the therapist changed may be asked about once).

Pure functions; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from painease.domain.shown_text import look_alike_key, without_invisible
from painease.storage.patients import Patient

MAX_NAME = 200


def given_name(raw: object) -> str:
    """The name a results file gives, as it is shown: no controls or zero-width characters
    (see ``check_shown_names``), at most 200 characters; "" when it gives none."""
    return without_invisible(raw if isinstance(raw, str) else "").strip()[:MAX_NAME]


def stand_in_name(patient_key_id: str) -> str:
    """What a patient whose results give no name is listed as: "Patient 1a2b 3c4d" (the
    start of their key's fingerprint)."""
    return f"Patient {patient_key_id[:4]} {patient_key_id[4:8]}"


@dataclass(frozen=True)
class NameChange:
    """A file signed by ``patient``'s key that gives another name than theirs did."""

    patient: str  # the name the therapist shows them by
    given: str  # the name in this file
    earlier: str | None  # the name their latest results gave; None: not kept then
    others: tuple[str, ...] = ()  # other patients (other keys) shown by the name given

    @property
    def text(self) -> str:
        """What was found, in two sentences."""
        if self.earlier is not None:
            before = f"their latest results gave “{self.earlier}”"
        else:
            before = ("their earlier results were imported before painease kept the name "
                      f"each file gives, and you know them here as “{self.patient}”")
        also = (f" You have another patient named {self.others[0]}, with a key of their "
                "own." if self.others else "")
        return (f"This file is signed with the key of {self.patient}, but it gives the name "
                f"“{self.given}”; {before}.{also} Two people may be sharing one computer, "
                "or a name was typed by mistake.")

    @property
    def question(self) -> str:
        return f"{self.text} Add these results to {self.patient}'s?"

    @property
    def accepted(self) -> str:
        """Said with the import the therapist agreed to."""
        return (f"This file gives the name “{self.given}”, not “{self.earlier or self.patient}”"
                f"; its sessions were added to {self.patient}'s results, as you chose.")


def name_change(patient: Patient | None, given: str,
                others: tuple[str, ...] = ()) -> NameChange | None:
    """The ``NameChange`` when a file giving ``given`` from ``patient``'s key should be
    asked about; None when not (see the module doc). ``patient`` None: a new key.
    ``others``: the names of other patients (other keys) who are shown by ``given``."""
    if patient is None or not given or patient.sent_name == "":
        return None
    earlier = patient.sent_name
    if earlier is None and patient.name == stand_in_name(patient.key_id):
        return None  # imported before names were kept, and that file gave none
    if look_alike_key(earlier if earlier is not None else patient.name) == look_alike_key(
            given):
        return None
    return NameChange(patient.name, given, earlier, others)
