"""Home's words for a settings file painease cannot read, for a cause the tests cannot
make for real: a file painease is not allowed to read (root, which runs these tests,
reads it anyway). The other causes are made for real in test_settings_not_saved."""

from __future__ import annotations

import errno
import os

from painease.settings import Settings
from painease.ui.settings_file_words import settings_note


def test_a_file_painease_may_not_read_asks_for_leave_to_read_it(painease_home, capsys):
    settings = Settings()
    settings.unreadable = os.strerror(errno.EACCES)  # what read_small keeps as the reason
    text = settings_note(settings)
    assert text == (
        "Your saved settings could not be opened, so painease is using its usual settings "
        "for now. The reason: painease is not allowed to read the settings file in your "
        "painease data folder. Please ask whoever looks after this computer to let "
        "painease read it: your settings then come back. Changes you make now work until "
        "you close painease, but are not saved.")
    assert (f"painease: {painease_home / 'settings.json'} cannot be read: Permission denied"
            in capsys.readouterr().err)


def test_a_read_error_is_said_as_a_file_that_cannot_be_read(painease_home, capsys):
    settings = Settings()
    settings.unreadable = os.strerror(errno.EIO)
    text = settings_note(settings)
    assert ("The reason: the settings file in your painease data folder cannot be read. "
            "painease leaves it as it is: once it can be opened again, your settings come "
            "back.") in text
    assert os.strerror(errno.EIO) not in text
    assert os.strerror(errno.EIO) in capsys.readouterr().err
