import pytest

from bot.identifiers import looks_like_identifier


@pytest.mark.parametrize("text", ["A123456789", "a-123-456-789", "his number is 123 456 789", "+1 (555) 123-4567",
                                  "born 03/07/1990", "1990-03-07", "me@example.com", "A# 98765432"])
def test_identifiers_are_spotted(text):
    assert looks_like_identifier(text)


@pytest.mark.parametrize("text", ["hello", "yes", "he has been here 10 years", "what is bond?", "2 kids",
                                  "¿qué es la fianza?", "شكرا"])
def test_ordinary_text_is_not(text):
    assert not looks_like_identifier(text)
