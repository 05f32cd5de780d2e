"""Texts printed on an organization's flyer (`python -m bot flyer`), as msgids.

Short lines a frightened relative can read from across a table: what the bot does, that it is
free, that it asks no names. The organization's contact reuses the lines of `org_sections`.
"""
from __future__ import annotations

from dialogs.text import N_

# TRANSLATORS: the big headline of a printed flyer (a few words).
HEADLINE = N_("Is someone in your family held by ICE?")
# TRANSLATORS: flyer line: what the Telegram bot does.
WHAT = N_("Answer short questions on Telegram. Learn which ways out of detention may apply, and what you can do.")
# TRANSLATORS: flyer line.
FREE = N_("It is free, and it speaks your language.")
# TRANSLATORS: flyer line: the bot never asks who you are.
NO_NAMES = N_("It never asks for names or A-numbers.")
# TRANSLATORS: flyer line next to the big QR code.
SCAN = N_("Scan with your phone camera, or open this link:")
# TRANSLATORS: on each small tear-off tab at the bottom of a flyer (very short).
TEAR_OFF = N_("Scan or open")
# TRANSLATORS: small print at the bottom of a flyer.
NOT_ADVICE = N_("Legal information, not legal advice.")
