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
is never asked about. Names are compared as they read (``reads_alike_key``: case, spacing,
punctuation and look-alike letters ignored: "O'Neil" is "ONeil"). Nothing is asked when
the file gives no name, when the key is new, or when no file from that key ever gave one.
For a patient imported before painease kept the name (``sent_name`` None), the label is
what there is to compare with, and the question says so (a label the therapist changed
may be asked about once). A file that gives the very name the therapist shows them by is
said that way ("which is how you know this patient here"), not as "the key of Ben gives
the name Ben".

Namesakes: ``namesakes(patients, key_id, given)`` is the one rule for "another patient
goes by this name" (the question above, and the warning of any import, new key or known):
another key whose label *or* latest sent name reads as the name given. The label, because
the list would show two patients alike; the sent name, because a label the therapist
changed ("Sam B") hides that the person still sends "Sam". ``namesake_text`` says which.
It is said when it is news (a new key, or a name this key did not give last time), not
with every weekly file.
``sent_name_note`` is how a patient's sent name is shown beside their label (the Patients
page, ``results patients``): only when it reads otherwise.

Told apart: ``key_text(public_key)`` is how the Patients list writes a patient's key ("key
1a2b 3c4d 5e6f 7a8b", the start of its fingerprint); ``told_apart(patients)`` gives each
patient's label, with that key after it ("Sam (key 1a2b 3c4d 5e6f 7a8b)") only when
another patient's label reads as theirs, for the places that show a name alone
(Outcomes, the chosen patient's heading, the PDF report).

Pure functions; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from painease.domain.shown_text import one_line, reads_alike_key
from painease.packs.fingerprints import fingerprint
from painease.storage.patients import Patient

MAX_NAME = 200


def given_name(raw: object) -> str:
    """The name a results file gives, as it is shown: no controls or zero-width characters
    (see ``check_shown_names``), each run of white space one space, a line break or tab
    too (as Rename… tidies a label; ``one_line``), at most 200 characters; "" when it
    gives none."""
    return one_line(raw if isinstance(raw, str) else "")[:MAX_NAME].rstrip()


def stand_in_name(patient_key_id: str) -> str:
    """What a patient whose results give no name is listed as: "Patient 1a2b 3c4d" (the
    start of their key's fingerprint). Never the therapist's choice: while a patient is
    still listed so, the next name a file gives becomes their label (``record_import``'s
    ``automatic_label``), and the import says so (``named_now``)."""
    return f"Patient {patient_key_id[:4]} {patient_key_id[4:8]}"


def named_now(stand_in: str, given: str) -> str:
    """Said with the import that gave a patient listed as ``stand_in`` their name."""
    return (f"These results give the name “{given}”: the patient listed as {stand_in} is "
            f"listed as {given} from now on (Rename… changes it).")


@dataclass(frozen=True)
class NameChange:
    """A file signed by ``patient``'s key that gives another name than theirs did."""

    patient: str  # the name the therapist shows them by
    given: str  # the name in this file
    earlier: str | None  # the name their latest results gave; None: not kept then
    others: tuple[Patient, ...] = ()  # other keys that go by the name given (``namesakes``)

    @property
    def text(self) -> str:
        """What was found, in two sentences."""
        if self.earlier is not None:
            before = f"their latest results gave “{self.earlier}”"
        else:
            before = ("their earlier results were imported before painease kept the name "
                      f"each file gives, and you know them here as “{self.patient}”")
        also = "".join(f" {namesake_text(other, self.given)}." for other in self.others)
        if self.earlier is not None and reads_alike_key(self.given) == reads_alike_key(
                self.patient):
            # The name given is the therapist's own label for them: "signed with the key
            # of Ben, but it gives the name “Ben”" read as no change at all.
            found = (f"This file gives the name “{self.given}”, which is how you know this "
                     f"patient here, but their latest results, signed with the same key, gave "
                     f"“{self.earlier}”.")
        else:
            found = (f"This file is signed with the key of {self.patient}, but it gives the "
                     f"name “{self.given}”; {before}.")
        return (f"{found}{also} Two people may be sharing one computer, or a name was typed "
                "by mistake.")

    @property
    def question(self) -> str:
        return f"{self.text} Add these results to {self.patient}'s?"

    @property
    def accepted(self) -> str:
        """Said with the import the therapist agreed to."""
        return (f"This file gives the name “{self.given}”, not “{self.earlier or self.patient}”"
                f"; its sessions were added to {self.patient}'s results, as you chose.")


def name_change(patient: Patient | None, given: str,
                others: tuple[Patient, ...] = ()) -> NameChange | None:
    """The ``NameChange`` when a file giving ``given`` from ``patient``'s key should be
    asked about; None when not (see the module doc). ``patient`` None: a new key.
    ``others``: the other patients who go by ``given`` (``namesakes``)."""
    if patient is None or not given or patient.sent_name == "":
        return None
    earlier = patient.sent_name
    if earlier is None and patient.name == stand_in_name(patient.key_id):
        return None  # imported before names were kept, and that file gave none
    if reads_alike_key(earlier if earlier is not None else patient.name) == reads_alike_key(
            given):
        return None
    return NameChange(patient.name, given, earlier, others)


def namesakes(patients: Iterable[Patient], key_id: str, given: str) -> tuple[Patient, ...]:
    """The patients other than ``key_id`` who go by the name ``given``: the therapist
    shows them by a name that reads as it, or their latest results gave one that does
    (``reads_alike_key``). Only when it is news: none when the file gives no name, or when
    ``key_id``'s latest results gave this name already (it was said then, and the list
    shows both names since)."""
    patients = list(patients)
    wanted = reads_alike_key(given)
    if not given or any(p.key_id == key_id and reads_alike_key(p.sent_name or "") == wanted
                        for p in patients):
        return ()
    return tuple(p for p in patients if p.key_id != key_id and wanted in (
        reads_alike_key(p.name), reads_alike_key(p.sent_name or "")))


def namesake_text(other: Patient, given: str) -> str:
    """One sentence, without its full stop, about ``other`` (one of ``namesakes``): "You
    have another patient named Sam, with a key of their own", or, when only their results
    give the name, "You have another patient, Sam B, whose results give the name “Sam”,
    with a key of their own"."""
    if reads_alike_key(other.name) == reads_alike_key(given):
        return f"You have another patient named {other.name}, with a key of their own"
    return (f"You have another patient, {other.name}, whose results give the name "
            f"“{other.sent_name}”, with a key of their own")


def sent_name_note(patient: Patient) -> str:
    """"their results say “Sam”" when the name ``patient``'s latest results gave reads
    otherwise than the name the therapist shows them by; "" when it reads the same, or
    no name is known (no file gave one, or it was imported before names were kept)."""
    sent = patient.sent_name
    if not sent or reads_alike_key(sent) == reads_alike_key(patient.name):
        return ""
    return f"their results say “{sent}”"


def key_text(public_key: str) -> str:
    """The key as the Patients list writes it: "key 1a2b 3c4d 5e6f 7a8b"."""
    return f"key {fingerprint(public_key)[:19]}"


def told_apart(patients: Iterable[Patient]) -> dict[str, str]:
    """Each patient's key id → the name they are shown by: their label, and when another
    patient's label reads as it (``reads_alike_key``), their key too: "Sam (key 1a2b 3c4d
    5e6f 7a8b)"."""
    patients = list(patients)
    alike: dict[str, int] = {}
    for patient in patients:
        alike[reads_alike_key(patient.name)] = alike.get(reads_alike_key(patient.name), 0) + 1
    return {p.key_id: (f"{p.name} ({key_text(p.public_key)})"
                       if alike[reads_alike_key(p.name)] > 1 else p.name) for p in patients}
