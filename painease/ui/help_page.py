"""Help: how to use painease, safety, the crisis note, and about/licences.

Each passage is a Tab stop (``passage``), so the page can be read with the keyboard
alone and by a screen reader in focus mode: the crisis note first, then the rest in
reading order. Main thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from painease import __version__
from painease.domain.red_flags import EMERGENCY_SIGNS, SAME_DAY_EXAMPLES, SEE_SOON
from painease.ui.widgets import card, fill, label, reachable_text, titled_page

HOW_TO = (
    ("Start a session", "On Home, press Start for the suggested session, or open the Library, "
     "choose a session and a length, and press Start."),
    ("Rate before and after", "Rate your pain, and your sense of threat: how threatening "
     "or dangerous that sensation feels. Both go from 0 to 10. Click a number, or focus a "
     "scale with Tab and type a digit (1 then 0 for 10). A rough guess is fine."),
    ("Listen", "Space pauses and continues, the left and right arrows move between steps, "
     "and Esc ends the session (it asks first). In the last step the right arrow does "
     "nothing, so the step plays to its end. Clicking a line in the transcript goes "
     "there. If you turned on the live rating in Settings, the up and down arrows change it. "
     "When you have moved to a volume slider or the background sound list with Tab, the "
     "arrows change that instead."),
    ("Keyboard and mouse", "Tab moves from control to control; Space or Enter presses the "
     "button you are on. In a session, Tab also reaches the transcript: there the up and "
     "down arrows move through its lines without changing what plays, and Enter goes to "
     "the line you are on. The left and right arrows still move between steps, and your "
     "place in the transcript moves with them. To change the live rating with the up "
     "and down arrows, first press Tab to leave the transcript. The mouse wheel scrolls "
     "the page. It changes a slider or a list only after you have clicked it or reached "
     "it with Tab. The pages are the tabs along the top of the window: click one, or "
     "reach them with Tab and move with the left and right arrows. Ctrl+1 to Ctrl+5 "
     "switch pages too, and Ctrl+6 opens the Therapist page when it is turned on in "
     "Settings; during a session the tabs step aside and these keys do nothing."),
    ("See what changed", "After the session you see your ratings before and after. Over "
     "many sessions, Insights will show the pattern."),
)
CRISIS_HEADING = "If you are in crisis"
CRISIS_NOTE = (
    "If you are thinking of harming yourself, or you are in danger, please contact your "
    "local emergency services or a crisis line now. You deserve support straight away."
)
# The signs CLINICAL.md lists, a few to a short sentence (a long list is hard to take in
# when something may be wrong), in three tiers: the emergency first, under a heading of
# its own (the local emergency number now); then the red flags that need medical help the
# same day (the emergency number too when sudden or severe); then anything else new,
# changing or worrying, and weight loss with no clear reason: seeing a clinician soon. A
# same-day sign is never said with "soon", and it is said "new" where being new is what
# makes it pressing (``painease.domain.red_flags`` has why). Home shows only a short note
# that points here.
EMERGENCY = f"{EMERGENCY_SIGNS} Please call your local emergency number now."
SAME_DAY = (
    "Other signs need medical help the same day, so please do not wait for a routine "
    f"appointment. Get help today for {SAME_DAY_EXAMPLES}. The same goes for a new fever "
    "with your pain, or pain after a serious injury. And for new, severe pain at night, or "
    "symptoms that get worse quickly. If any of these comes on suddenly or is severe, call "
    "your local emergency number now."
)
RED_FLAGS = " ".join((EMERGENCY, SAME_DAY, SEE_SOON))
ABOUT = (
    f"painease {__version__}. Free software under the GNU General Public License, version 3 "
    "or later (GPL-3.0-or-later): you may use, study, share and change it under that "
    "licence, and it comes with no warranty. It uses Qt for Python (PySide6, under "
    "LGPL-3.0-only, GPL-2.0-only or GPL-3.0-only), NumPy (BSD-3-Clause, with parts under "
    "0BSD, MIT, Zlib and CC0-1.0), sounddevice and PortAudio (MIT), soundfile and "
    "libsndfile (BSD-3-Clause and LGPL-2.1-or-later), soxr (LGPL-2.1-or-later), pydantic "
    "(MIT), platformdirs (MIT), pyqtgraph (MIT) and PyNaCl with libsodium (Apache-2.0 and "
    "ISC), which sign packs and seal results. The guide's voice is synthetic, made with "
    "Piper (GPL-3.0-or-later) and "
    "its voice \"joe\", fine-tuned on a CC0 dataset from a base voice whose own training "
    "data has a licence not yet reviewed; assets/audio/NOTICE has the details. "
    "Everything stays on this computer; painease never uses the internet."
)


def passage(text: str, what: str, name: str) -> QLabel:
    """A passage of ``text`` that Tab stops at, named ``name`` for tests. A screen reader
    says its words, then ``what`` it is (the heading over it) as its description: an
    accessible name would be said instead of the words."""
    widget = reachable_text(label(text, name=name))
    widget.setAccessibleDescription(what)
    return widget


def crisis_card(name: str):
    """The crisis note as a banner card named ``name`` (Help's, and a Summary's that needs
    it: the same heading and words), its words a Tab stop (``name``-text)."""
    crisis, crisis_layout = card("banner")
    crisis.setObjectName(name)
    crisis.setAccessibleName(CRISIS_HEADING)
    crisis_layout.addWidget(label(CRISIS_HEADING, "heading"))
    crisis_layout.addWidget(passage(CRISIS_NOTE, CRISIS_HEADING, f"{name}-text"))
    return crisis


class HelpPage(QWidget):
    def __init__(self):
        super().__init__()
        page, layout = titled_page("Help")
        fill(self, page)

        layout.addWidget(crisis_card("crisis-note"))

        how, how_layout = card()
        how.setObjectName("help-how")
        how_layout.addWidget(label("How to use painease", "heading"))
        for index, (heading, text) in enumerate(HOW_TO):
            how_layout.addWidget(label(heading, "muted"))
            how_layout.addWidget(passage(text, heading, f"help-how-{index}"))
        layout.addWidget(how)

        safety, safety_layout = card()
        safety.setObjectName("safety")
        safety_layout.addWidget(label("Safety", "heading"))
        safety_layout.addWidget(passage("painease supports your medical care and does not "
                                        "replace it. Before treating pain as coming from "
                                        "the brain's alarm system, a clinician should have "
                                        "checked for other causes.", "Safety", "safety-text"))
        for heading, text, name in (("Emergency help now", EMERGENCY, "emergency-signs"),
                                    ("Medical help the same day", SAME_DAY, "same-day-signs"),
                                    ("A clinician soon", SEE_SOON, "see-soon")):
            safety_layout.addWidget(label(heading, "muted"))
            safety_layout.addWidget(passage(text, heading, name))
        layout.addWidget(safety)

        about, about_layout = card()
        about.setObjectName("about")
        about_layout.addWidget(label("About and licences", "heading"))
        about_layout.addWidget(passage(ABOUT, "About and licences", "about-text"))
        layout.addWidget(about)
        layout.addStretch(1)

