"""When to get medical help: CLINICAL.md's red flags, in words shared by Help, the report
and the README (which says them in full), so the three say them the same way.

Three tiers. New loss of bladder or bowel control, or new numbness between the legs or
around the bottom, is an emergency (with back pain, the nerves at the base of the spine
may be pressed on): said first, in a sentence of its own, with the local emergency number
now, never among signs that can wait for the day. Said for everyone, not only with back
pain: calling for these is the safer mistake.

The signs that need help the same day are never said with "soon", which would tell a
person to wait. Numbness, weakness or pain at night are common in long-lasting pain: what
makes them pressing is that they are new, so they are said "new" (said bare, they would
send a person for help every day); the same-day numbness says where it is (an arm or a
leg), apart from the emergency's (between the legs). A same-day sign that comes on
suddenly (sudden weakness in an arm or a leg may be a stroke) is for the emergency number.

Weight loss with no clear reason comes on slowly: a clinician soon, with anything else
new, changing or worrying.

Said with no "you" or "your", so the report can say it about someone, too. Home shows only
a short note that points to Help (``painease.ui.home_page.SAFETY_NOTE``).
"""

from __future__ import annotations

EMERGENCY_SIGNS = ("New loss of bladder or bowel control, or new numbness between the legs "
                   "or around the bottom, is an emergency.")
SAME_DAY_EXAMPLES = "new numbness or weakness in an arm or a leg"
SOON_SIGN = "weight loss with no clear reason"
SEE_SOON = (f"For {SOON_SIGN}, or any other symptom that is new, changing or worrying, "
            "please see a clinician soon.")
