"""Texts that belong to the Telegram front end (commands, privacy, errors), as msgids."""
from __future__ import annotations

from dialogs.text import Msg, N_, NN_

# Command menu: (command, description). Commands themselves are never translated.
COMMANDS = (
    ("start", N_("Start or continue")),
    ("back", N_("Go back one question")),
    ("restart", N_("Start over")),
    ("language", N_("Change language")),
    ("privacy", N_("What we keep and how to delete it")),
    ("delete", N_("Delete everything about this chat now")),
    ("help", N_("How this bot works")),
)
# TRANSLATORS: shown in an empty chat before the user presses Start (at most 512 characters).
DESCRIPTION = N_("Is someone in your family held by ICE? Answer short questions with buttons and learn which "
                 "ways out of immigration detention may apply, and what you can do. Free. Legal information, "
                 "not legal advice. Do not share names or A-numbers here.")
# TRANSLATORS: the bot's profile text (at most 120 characters).
SHORT_DESCRIPTION = N_("Ways out of ICE detention, explained in your language. Free legal information.")

CHOOSE_LANGUAGE = Msg(N_("Choose your language:"))
LANGUAGE_BUTTON = Msg(N_("Language"))
LANGUAGE_SET = Msg(N_("Language changed. Your answers are kept."))
HELP = Msg(N_("I ask short questions about your relative held by ICE. Tap a button to answer; every question "
              "has \"I don't know\". At the end you see which ways out may apply and what to do next.\n\n"
              "/back goes back one question, /restart starts over, /language changes the language, /privacy "
              "explains what is kept, /delete erases it now."))
PRIVACY = Msg(NN_("What this bot keeps: only your language, which question you are on, and the buttons you "
                 "tapped. Not your name, your username, your phone number or anything you type.\n\n"
                 "It is stored encrypted, under a code that does not show who you are, and it is erased "
                 "automatically {count} hour after your last message. /delete erases it now.\n\n"
                 "Telegram itself can see this chat, and may share your phone number and IP address with "
                 "authorities if legally required. If you are worried, use the phone of a relative or an "
                 "organization, and turn on auto-delete for this chat in Telegram.",
                 "What this bot keeps: only your language, which question you are on, and the buttons you "
                 "tapped. Not your name, your username, your phone number or anything you type.\n\n"
                 "It is stored encrypted, under a code that does not show who you are, and it is erased "
                 "automatically {count} hours after your last message. /delete erases it now.\n\n"
                 "Telegram itself can see this chat, and may share your phone number and IP address with "
                 "authorities if legally required. If you are worried, use the phone of a relative or an "
                 "organization, and turn on auto-delete for this chat in Telegram."))
DELETE_CONFIRM = Msg(N_("Delete everything this bot keeps about this chat? Your answers will be lost."))
DELETE_YES = Msg(N_("Yes, delete"))
DELETE_NO = Msg(N_("No, keep it"))
DELETED = Msg(N_("Done. Everything this bot kept about this chat is deleted. To also remove the messages from "
                 "your phone, delete this chat in Telegram. Send /start to begin again."))
NOT_DELETED = Msg(N_("Nothing was deleted."))
REPROMPT = Msg(N_("Please answer with the buttons below."))
IDENTIFIER_WARNING = Msg(N_("For your safety, please do not send numbers, dates or names here. This bot does "
                            "not need them and did not keep your message. Use the official sites to look up "
                            "a case."))
STALE_TOAST = Msg(N_("That question was already answered."))
# TRANSLATORS: a short pop-up (at most 200 characters) for a button that does not work any more.
DEAD_BUTTON_TOAST = Msg(N_("This button no longer works. Please use the newest message, or send /start."))
GROUP_NOTICE = Msg(N_("To keep your family's information private, I only work in a private chat. Tap here: "
                      "{link}"))
STORE_DOWN = Msg(N_("Sorry, something is not working on our side. Please try again in a minute. Your answers "
                    "are not lost."))
DELETE_FAILED = Msg(N_("Sorry, your answers could not be deleted just now. Please try again in a minute."))
ERASE_PENDING = Msg(N_("Sorry, something is not working on our side. Your earlier answers will be erased "
                       "before we go on. Please try again in a minute."))
STATE_RESET = Msg(N_("Sorry, we could not read your earlier answers, so let's start again."))
ERROR = Msg(N_("Sorry, something went wrong. Please send /start to continue."))
# Result screen: a button that sends a summary to forward to a lawyer, and one that shares the bot.
SUMMARY_BUTTON = Msg(N_("Summary for a lawyer"))
SHARE_BUTTON = Msg(N_("Share this bot"))
# TRANSLATORS: sent along with the bot's link when a user shares it with someone.
SHARE_TEXT = Msg(N_("Free help for families of people held by ICE, in your language."))
# TRANSLATORS: added to /privacy, after what the bot keeps: counts for organizations, about no one.
PRIVACY_COUNTS = N_("The bot also counts, without knowing who, how many conversations start and how many reach "
                    "a result each week, by language. These numbers cannot point to you.")
# TRANSLATORS: added to /privacy when the user came through an organization's link; {org} is its name.
PRIVACY_ORG = N_("You came through a link from {org}. The bot keeps that too, and erases it with your answers. "
                 "{org} gets nothing about you from this bot.")
