"""Optional spoken prompts through Qt TextToSpeech, only when a voice is installed."""

from __future__ import annotations

import logging
from typing import Protocol

log = logging.getLogger(__name__)


class Speaker(Protocol):
    """What the window needs from a voice."""

    @property
    def available(self) -> bool:
        """True when something can actually be spoken."""

    def say(self, text: str, language: str) -> None:
        """Speak ``text`` (stop what was being said)."""


class QtSpeaker:
    """QTextToSpeech with the engine's best voice for Indonesian or English."""

    def __init__(self, engine: str | None = None) -> None:
        """Create the engine (needs a QApplication)."""
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._tts = QTextToSpeech(engine) if engine else QTextToSpeech()
        self._ok = self._tts.state() != QTextToSpeech.State.Error and bool(self._tts.availableLocales())
        if not self._ok:
            log.info("no text-to-speech voice available (engine %s)", self._tts.engine())

    @property
    def available(self) -> bool:
        """True with a working engine and at least one locale."""
        return self._ok

    def say(self, text: str, language: str) -> None:
        """Speak in the locale closest to ``language``."""
        if not self._ok or not text:
            return
        from PySide6.QtCore import QLocale

        wanted = QLocale(QLocale.Language.Indonesian if language == "id" else QLocale.Language.English)
        locales = self._tts.availableLocales()
        match = next((loc for loc in locales if loc.language() == wanted.language()), None)
        if match is not None:
            self._tts.setLocale(match)
        self._tts.stop()
        self._tts.say(text)
