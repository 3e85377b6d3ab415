"""Home's words for the hand-edited settings painease could not use (``Settings.not_used``:
values that do not fit their option even as clearly meant, ``Option.meant``). Loaded only
when there are some, so not on the start's usual path."""

from __future__ import annotations

import json

from painease.settings import BY_KEY, Settings


def not_used_note(settings: Settings) -> str | None:
    """Home's words for ``settings.not_used``, naming each setting and what was saved
    (cut to 40 characters), or None when every stored value was used."""
    if not settings.not_used:
        return None
    named = "; ".join(
        f"{BY_KEY[key].title}, saved as {_cut(json.dumps(value, ensure_ascii=False))}"
        for key, value in settings.not_used.items())
    one = len(settings.not_used) == 1
    return (f"{'One of your saved settings' if one else 'Some of your saved settings'} "
            f"could not be used, so painease uses the usual value for "
            f"{'it' if one else 'each'} instead: {named}. You can choose "
            f"{'it' if one else 'them'} again in Settings.")


def _cut(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"
