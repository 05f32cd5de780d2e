"""The outreach kit in the Telegram conversation: deep links with an organization, its contact in
the welcome, result and /help, the summary for a lawyer and the share button. Offline, real PTB."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from bot.i18n import translator
from bot.outreach.orgs import parse_orgs
from bot.storage import MemoryStore, Sealer
from bot.telegram.html_text import html_problems, utf16_len
from dialogs.flow import RESULT, Session, answering_unknown
from dialogs.questions import BY_ID
from tests.support.chat import ChatUser, offline_bot
from tests.test_telegram import STORY, answer_story

TOKEN = "123456:" + "A" * 35
ORGS = parse_orgs("""
[[org]]
code = "casa"
name = "Casa Clinic"
languages = ["es", "en"]
states = ["MD", "DC"]
whatsapp = "+1 202 555 0101"
[[org.phone]]
number = "+1 202 555 0100"
hours = "Mon-Fri 9-5 ET"
[[org.phone]]
number = "1-800-555-0199"
[[org.contact]]
name = "Bond Fund"
phone = "+1 202 555 0150"
[org.note]
en = "Walk-in Tuesdays"
es = "Sin cita los martes"

[[org]]
code = "hh"
name = "Help & Hope <Center>"
[[org.phone]]
number = "(915) 555-0123"
""")


@pytest.fixture
async def tg():
    store = MemoryStore(Sealer(b"s" * 32), ttl_seconds=3600)
    async with offline_bot(store, TOKEN, orgs=ORGS) as (app, rec, errors):
        yield app, rec, store, errors


def user(tg, chat_id=42, lang="en") -> ChatUser:
    app, rec, _, _ = tg
    return ChatUser(app, rec, chat_id, lang)


async def to_result(u: ChatUser, store, story=STORY) -> None:
    await u.press(index=0)                  # Start
    await answer_story(u, store, story)
    await u.press(index=0)                  # See the result


def button(u: ChatUser, start: str) -> dict:
    matches = [b for b in u.last_with_buttons().flat() if b["text"].startswith(start)]
    assert matches, [b["text"] for b in u.last_with_buttons().flat()]
    return matches[0]


async def test_org_link_shows_shared_by_and_contact_first_in_result(tg):
    u = user(tg)
    await u.send("/start o-casa")
    assert "Shared by Casa Clinic" in u.last.text
    await to_result(u, tg[2])
    overview = u.last.text
    assert overview.startswith("<b>Help from Casa Clinic</b>")
    assert "Call Casa Clinic at +1 202 555 0100, Mon-Fri 9-5 ET; they speak Spanish and English." in overview
    assert "Or call 1-800-555-0199." in overview and "WhatsApp: +1 202 555 0101" in overview
    assert "Walk-in Tuesdays" in overview and "Bond Fund, +1 202 555 0150" in overview
    # The organization comes first, then the national resources as before.
    assert overview.index("Casa Clinic") < overview.index("Ways the person may get out") < \
        overview.index("Free legal help")
    assert "does not usually help" not in overview        # no state was asked in this story


async def test_org_and_language_in_one_link_in_spanish(tg):
    u = user(tg, chat_id=43, lang="en")
    await u.send("/start o-casa_es")
    t = translator("es")
    assert t.render(t.gettext("Help for families of people held by ICE")) in u.last.text
    assert "Casa Clinic" in u.last.text
    await to_result(u, tg[2])
    # Language names from Babel in the reader's language; the Spanish note is used.
    assert "español y inglés" in u.last.text and "Sin cita los martes" in u.last.text
    assert "Walk-in Tuesdays" not in u.last.text


async def test_unknown_org_or_garbage_gives_the_normal_welcome(tg):
    for chat_id, payload in ((44, "o-nobody"), (45, "o-Bad!"), (46, "%%%"), (47, "o-nobody_es")):
        u = user(tg, chat_id=chat_id)
        await u.send(f"/start {payload}")
        assert "Help for families" in u.last.text or "Ayuda" in u.last.text
        assert "Shared by" not in u.last.text
        record = await tg[2].load(chat_id)
        assert "org" not in record.data["meta"]
    u = user(tg, chat_id=48)
    await u.send("/start lang_es")              # today's links keep working
    assert (await tg[2].load(48)).data["lang"] == "es"


async def test_org_survives_restart_and_language_and_delete_erases_it(tg):
    u = user(tg, chat_id=50)
    store = tg[2]
    await u.send("/start o-casa")
    await u.press(index=0)
    await u.send("/restart")
    assert "Shared by Casa Clinic" in u.last.text
    await u.send("/language")
    await u.press_data("L|fr")
    assert (await store.load(50)).data["meta"]["org"] == "casa"
    assert "Casa Clinic" in u.last.text
    await u.send("/start")                      # a later /start without a payload keeps it
    assert (await store.load(50)).data["meta"]["org"] == "casa"
    await u.send("/start o-nobody")             # an unknown code keeps it too
    assert (await store.load(50)).data["meta"]["org"] == "casa"
    await u.send("/start o-hh")                 # another known organization replaces it
    assert (await store.load(50)).data["meta"]["org"] == "hh"
    await u.send("/delete")
    await u.press_data("D|yes")
    assert await store.load(50) is None
    await u.send("/start")
    assert "Casa Clinic" not in u.last.text


async def test_privacy_says_the_org_link_is_kept_too(tg):
    u = user(tg, chat_id=54)
    await u.send("/privacy")
    assert "Casa Clinic" not in u.last.text
    await u.send("/start o-casa")
    calls = await u.send("/privacy")
    assert [c.method for c in calls] == ["sendMessage"]
    assert "You came through a link from Casa Clinic." in u.last.text and "/delete" in u.last.text


async def test_org_data_is_escaped_and_isolated_in_arabic(tg):
    u = user(tg, chat_id=55, lang="ar")
    await u.send("/start o-hh")
    assert "Help &amp; Hope &lt;Center&gt;" in u.last.text and "<Center>" not in u.last.text
    await u.send("/help")
    org_lines = [line for line in u.last.text.split("\n") if "555-0123" in line]
    assert org_lines and all(line.startswith("\u200f") for line in org_lines)     # right to left
    assert "\u2068(915) 555-0123\u2069" in u.last.text                             # number kept in order


async def test_help_shows_the_org_contact(tg):
    u = user(tg, chat_id=51)
    await u.send("/help")
    assert "Casa Clinic" not in u.last.text
    await u.send("/start o-casa")
    calls = await u.send("/help")
    assert [c.method for c in calls] == ["sendMessage"]
    assert "/restart" in u.last.text and "Call Casa Clinic at +1 202 555 0100" in u.last.text


async def test_state_the_org_does_not_serve_is_said_and_contact_still_shown(tg):
    store = tg[2]
    u = user(tg, chat_id=52)
    await u.send("/start o-casa")
    record = await store.load(52)
    session = Session.from_dict(record.data)
    # A result for someone held in Texas (the state question's option ids are postal codes).
    session.answers, session.state = {**answering_unknown(), "us_state": "tx"}, RESULT
    await store.save(52, session.to_dict(), record.version)
    await u.send("/help")
    text = u.last.text
    assert "Casa Clinic does not usually help people held in Texas" in text
    assert "Call Casa Clinic at" in text
    session.answers["us_state"] = "md"
    await store.save(52, session.to_dict(), (await store.load(52)).version)
    await u.send("/help")
    assert "does not usually help" not in u.last.text


async def test_no_org_no_change(tg):
    u = user(tg, chat_id=53)
    await u.send("/start")
    assert "Shared by" not in u.last.text
    await to_result(u, tg[2])
    assert u.last.text.startswith("<b>Ways the person may get out</b>") or u.last.text.startswith("<b>Act now")


# --------------------------------------------------------------------------- share and summary
async def test_share_button_links_to_the_bot_with_the_org_and_no_language(tg):
    u = user(tg, chat_id=60, lang="es")
    await u.send("/start o-casa_es")
    await to_result(u, tg[2])
    share = button(u, "📤")
    assert "callback_data" not in share
    url = urlparse(share["url"])
    assert (url.scheme, url.netloc, url.path) == ("https", "t.me", "/share/url")
    query = parse_qs(url.query)
    assert query["url"] == ["https://t.me/test_bot?start=o-casa"]
    assert query["text"] == [translator("es").gettext("Free help for families of people held by ICE, in your "
                                                       "language.")]
    v = user(tg, chat_id=61)
    await v.send("/start")
    await to_result(v, tg[2])
    assert parse_qs(urlparse(button(v, "📤")["url"]).query)["url"] == ["https://t.me/test_bot"]


async def test_summary_for_a_lawyer_in_english(tg):
    u = user(tg, chat_id=987654321)
    await u.send("/start")
    await to_result(u, tg[2])
    calls = await u.press("📄")
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    text = u.last.text
    assert text.startswith("<b>Summary for a lawyer or accredited representative</b>")
    assert "Prepared from a family member's answers. Not verified. No names." in text
    assert "1. How did the person first come to the U.S.? — With a visa or permit" in text
    for n in range(1, 8):
        assert f"\n• {n}. " in text
    assert "4. A judge or ICE sets bond: LIKELY" in text
    assert "The rules here were last checked on September 1, 2026." in text
    assert "— — —" not in text                   # English only: one language
    assert "987654321" not in text                 # nothing about the chat (there is nothing to put in)
    assert not html_problems(text)


async def test_summary_in_english_and_arabic(tg):
    u = user(tg, chat_id=71, lang="ar")
    await u.send("/start")
    await to_result(u, tg[2])
    calls = await u.press("📄")
    sent = [c.params["text"] for c in calls if c.method == "sendMessage"]
    # A whole story in two languages does not fit 4096 characters: English first, then Arabic.
    assert len(sent) == 2
    english, arabic = sent
    assert english.startswith("<b>Summary for a lawyer")
    assert "4. A judge or ICE sets bond: LIKELY" in english
    t = translator("ar")
    assert t.gettext("Prepared from a family member's answers. Not verified. No names.") in arabic
    assert t.gettext("Summary for a lawyer or accredited representative") in arabic
    # Existing, translated texts show the language (the new msgids are translated after this branch).
    assert t.render(BY_ID["entry"].text) in arabic and BY_ID["entry"].text.msgid not in arabic
    assert all(line.startswith("\u200f") for line in arabic.split("\n") if line)    # right to left
    assert not any("\u200f" in line for line in english.split("\n"))
    assert not html_problems(english) and not html_problems(arabic)


def test_a_short_summary_is_one_message_with_both_languages():
    from bot.outreach.lawyer_summary import summary_sections
    from bot.telegram.rendering import summary_messages
    session = Session(lang="es", state=RESULT, answers={"entry": "idk"})
    (only,) = summary_messages(summary_sections(session), translator("es"))
    english, spanish = only.text.split("\n\n— — —\n\n")
    t = translator("es")
    assert "Summary for a lawyer" in english and t.gettext("Answers:") in spanish
    assert t.render(BY_ID["entry"].text) in spanish and BY_ID["entry"].text.msgid not in spanish


async def test_summary_splits_only_when_too_long_and_every_part_fits(tg):
    store = tg[2]
    for chat_id, lang in ((80, "uk"), (81, "pa"), (82, "en")):
        u = user(tg, chat_id=chat_id, lang=lang)
        await u.send("/start")
        record = await store.load(chat_id)
        session = Session.from_dict(record.data)
        session.answers, session.state = answering_unknown(), RESULT     # the longest path
        await store.save(chat_id, session.to_dict(), record.version)
        calls = await u.press_data("S|lawyer", message_id=1)
        sent = [c.params["text"] for c in calls if c.method == "sendMessage"]
        assert sent and all(utf16_len(s) <= 4096 and not html_problems(s) for s in sent)
        joined = "\n".join(sent)
        assert "Summary for a lawyer" in joined
        if lang != "en":
            assert translator(lang).gettext("Summary for a lawyer or accredited representative") in joined
        if len(sent) > 1:                         # split only because one message could not hold it
            assert utf16_len("\n\n— — —\n\n".join(sent)) > 4096


async def test_summary_button_outside_the_result_changes_nothing(tg):
    u = user(tg, chat_id=90)
    await u.send("/start")
    await u.press(index=0)
    calls = await u.press_data("S|lawyer")
    assert calls[0].method == "answerCallbackQuery"
    assert "Summary for a lawyer" not in "".join(c.params.get("text", "") for c in calls)


def test_result_screen_says_when_the_state_is_not_served_and_still_shows_the_contact():
    from bot.outreach.org_sections import with_org
    from bot.telegram.rendering import screen_messages
    from dialogs import engine
    for state, warned in (("tx", True), ("md", False), ("idk", False)):
        session = Session(state=RESULT, answers={**answering_unknown(), "us_state": state})
        screen = with_org(engine.result_screen(session), ORGS["casa"], "en", session.answers)
        (overview,) = screen_messages(screen, translator("en"))
        assert overview.text.startswith("<b>Help from Casa Clinic</b>\n• Call Casa Clinic at +1 202 555 0100")
        assert ("Casa Clinic does not usually help people held in Texas." in overview.text) is warned
