"""The wording of reasons lives in message catalogues: every language has every key and the plural
forms its language needs, and every placeholder of English is there in the others."""

from __future__ import annotations

import string

import pytest

from services.matching.engine.explain import FALLBACK, LANGUAGES, catalogues, plural_form

PLURAL_FORMS = {"en": {"one", "other"}, "de": {"one", "other"}, "pl": {"one", "few", "many"}}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_shipped_languages_are_the_catalogues():
    assert set(catalogues()) == set(LANGUAGES) == set(PLURAL_FORMS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_key_with_the_same_placeholders(language):
    english, own = catalogues()[FALLBACK], catalogues()[language]
    assert set(own) == set(english)
    for key, text in english.items():
        if isinstance(text, str):
            assert isinstance(own[key], str), key
            assert placeholders(own[key]) == placeholders(text), key
        else:
            forms = own[key]
            assert isinstance(forms, dict) and set(forms) == PLURAL_FORMS[language], key
            wanted = set().union(*(placeholders(t) for t in text.values())) - {"n"}
            for form in forms.values():
                assert placeholders(form) - {"n"} == wanted, (key, form)


@pytest.mark.parametrize(
    ("n", "form"), [(1, "one"), (2, "few"), (4, "few"), (5, "many"), (12, "many"), (22, "few")]
)
def test_polish_plural_forms(n, form):
    assert plural_form("pl", n) == form
