"""The sharing organization inside a conversation, as framework-neutral screen sections.

The dialogs layer knows nothing about organizations: a front end adds these sections to the
screens the engine returns (`with_org`). Organization data (name, phones, hours, notes) is
shown verbatim; every sentence around it is a msgid.
"""
from __future__ import annotations

from dataclasses import replace

from dialogs.questions import US_STATES
from dialogs.screens import BULLET, HEADING, LABEL, NOTE, TEXT, Block, Screen, Section
from dialogs.text import Msg, N_, Verbatim

from ..i18n import LanguageNames
from .orgs import Contact, Org

STATE_QUESTION = "us_state"     # the only question id this module relies on
ORG_ROLE = "org"

SHARED_BY = N_("Shared by {org}")
HELP_FROM = N_("Help from {org}")
# TRANSLATORS: {org} is an organization's name, {phone} its number, {hours} its opening hours as the
# organization wrote them, {languages} a list of language names.
CALL_HOURS_LANGS = N_("Call {org} at {phone}, {hours}; they speak {languages}.")
CALL_LANGS = N_("Call {org} at {phone}; they speak {languages}.")
CALL_HOURS = N_("Call {org} at {phone}, {hours}.")
CALL = N_("Call {org} at {phone}.")
ALSO_CALL_HOURS = N_("Or call {phone}, {hours}.")
ALSO_CALL = N_("Or call {phone}.")
WHATSAPP = N_("WhatsApp: {number}")
SIGNAL = N_("Signal: {number}")
WEBSITE = N_("Website: {address}")
EMAIL = N_("Email: {address}")
OTHER_HELP = N_("Other help {org} recommends:")
# TRANSLATORS: {state} is the name of a U.S. state the user chose earlier.
NOT_SERVED = N_("{org} does not usually help people held in {state}. You can still call them: they may "
                "know who can help there.")


def _call_line(org: Org) -> Msg:
    phone = org.phones[0]
    params = {"org": Verbatim(org.name), "phone": Verbatim(phone.number)}
    if phone.hours:
        params["hours"] = Verbatim(phone.hours)
    if org.languages:
        params["languages"] = LanguageNames(org.languages)
    msgid = {(True, True): CALL_HOURS_LANGS, (False, True): CALL_LANGS, (True, False): CALL_HOURS,
             (False, False): CALL}[(bool(phone.hours), bool(org.languages))]
    return Msg(msgid, params)


def _contact_text(c: Contact) -> Verbatim:
    return Verbatim(", ".join(x for x in (c.name, c.phone, c.hours, c.website) if x))


def contact_blocks(org: Org, lang: str, state: str | None = None) -> tuple[Block, ...]:
    """The organization's contact: first phone with hours and languages, the other ways to reach
    it, its note in `lang` (English fallback), a warning when it does not serve `state`, and the
    extra contacts it recommends."""
    name = Verbatim(org.name)
    blocks = [Block(BULLET, _call_line(org))]
    for phone in org.phones[1:]:
        blocks.append(Block(BULLET, Msg(ALSO_CALL_HOURS, {"phone": Verbatim(phone.number),
                                                         "hours": Verbatim(phone.hours)})
                            if phone.hours else Msg(ALSO_CALL, {"phone": Verbatim(phone.number)})))
    for msgid, key, value in ((WHATSAPP, "number", org.whatsapp), (SIGNAL, "number", org.signal),
                              (WEBSITE, "address", org.website), (EMAIL, "address", org.email)):
        if value:
            blocks.append(Block(BULLET, Msg(msgid, {key: Verbatim(value)})))
    note = org.note(lang)
    if note:
        blocks.append(Block(TEXT, Verbatim(note)))
    if state and not org.serves(state):
        blocks.append(Block(NOTE, Msg(NOT_SERVED, {"org": name, "state": Msg(US_STATES[state.lower()])})))
    if org.contacts:
        blocks.append(Block(LABEL, Msg(OTHER_HELP, {"org": name})))
        blocks += [Block(BULLET, _contact_text(c)) for c in org.contacts]
    return tuple(blocks)


def org_section(org: Org, lang: str, state: str | None = None) -> Section:
    return Section((Block(HEADING, Msg(HELP_FROM, {"org": Verbatim(org.name)})),
                    *contact_blocks(org, lang, state)), role=ORG_ROLE)


def shared_by_section(org: Org) -> Section:
    return Section((Block(TEXT, Msg(SHARED_BY, {"org": Verbatim(org.name)})),), role=ORG_ROLE)


def with_org(screen: Screen, org: Org | None, lang: str, answers: dict[str, str]) -> Screen:
    """The screen with the organization added: "Shared by" on the welcome screen, its contact
    first in the result. Other screens are returned unchanged."""
    if org is None:
        return screen
    if screen.kind == "welcome":
        return replace(screen, sections=(shared_by_section(org), *screen.sections))
    if screen.kind == "result":
        state = answers.get(STATE_QUESTION)
        return replace(screen, sections=(org_section(org, lang, state), *screen.sections))
    return screen
