"""The cheaper update path gives exactly what the plain one gives."""
from __future__ import annotations

import json

from bot.i18n import available_locales, translator
from bot.telegram import bot_api
from bot.telegram.rendering import _screen_cache, cached_screen_messages, screen_messages
from dialogs import engine


def screens(lang: str):
    s, screen = engine.handle(engine.new_session(lang), "begin", step=0)
    yield screen
    for i in range(6):
        choices = [c.action for c in screen.choices if not c.nav]
        s, screen = engine.handle(s, choices[i % len(choices)], step=s.step)
        yield screen


def test_cached_screens_are_the_screens():
    _screen_cache.clear()
    for _ in range(2):                                   # computed, then from the cache
        for lang in available_locales():
            t = translator(lang)
            for screen in screens(lang):
                assert cached_screen_messages(screen, t) == screen_messages(screen, t)
    assert _screen_cache


def test_a_screen_is_sent_with_the_same_parameters_as_ptb_would():
    screen = next(screens("ar"))
    out = cached_screen_messages(screen, translator("ar"))[-1]
    params = bot_api._params(7, out)
    assert json.loads(params["reply_markup"]) == out.keyboard.to_dict()
    assert params["text"] == out.text and params["parse_mode"] == "HTML"
    assert json.loads(params["link_preview_options"]) == {"is_disabled": True}
