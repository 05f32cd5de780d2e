"""The question bank: plain, short, always with "I don't know", never asking for identifiers."""
import re

from dialogs.questions import IDK, QUESTIONS

FORBIDDEN = re.compile(r"\b(name|a-number|alien number|date of birth|birthday|address|street|phone number|"
                       r"exact date|which day|what date)\b", re.I)


def test_ids_are_stable_ascii_and_unique():
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    for q in QUESTIONS:
        assert re.fullmatch(r"[a-z0-9_]{2,20}", q.id)
        opts = q.option_ids
        assert len(opts) == len(set(opts))
        assert all(re.fullmatch(r"[a-z0-9_]{1,16}", o) for o in opts), q.id


def test_every_question_offers_i_dont_know_and_a_why():
    for q in QUESTIONS:
        assert q.options[-1].id == IDK, q.id
        assert q.why.msgid and len(q.why.msgid) <= 120, q.id


def test_no_question_asks_for_identifiers_or_exact_dates():
    for q in QUESTIONS:
        assert not FORBIDDEN.search(q.text.msgid), q.id
        for o in q.options:
            assert not FORBIDDEN.search(o.label.msgid), (q.id, o.id)


def test_questions_fit_on_a_phone_screen():
    long = [q.id for q in QUESTIONS if len(q.text.msgid) > 140]
    assert len(long) <= 3, long
    assert max(len(q.text.msgid) for q in QUESTIONS) <= 200
    for q in QUESTIONS:
        for o in q.options:
            assert len(o.label.msgid) <= 80, (q.id, o.id)
