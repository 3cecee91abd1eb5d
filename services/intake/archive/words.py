"""Words as the archive compares them: case folded, diacritics folded, cut to a light stem per language.

No new package: three small suffix strippers (German after CISTEM's rules, Polish and English light ones)
are enough for a search that also matches prefixes, and for spotting a name in its inflected forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

#: Letters NFKD does not take apart.
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i"}  # dotless i
)
_WORD = re.compile(r"[^\W_]+")
#: A stem is never cut below this many letters.
_MIN = 3

_STOP = {
    "en": "a an and are as at be but by for from has have he her his i in is it its of on or our she so "
    "that the their them they this to was we were what when which who will with you",
    "de": "als am an auch auf aus bei bin bis das dass dem den der des die du ein eine einem einen einer er "
    "es für hat ich ihr im in ist mit nach nicht noch oder sie sind so um und uns von vor war wir wie zu "
    "zum zur",
    "pl": "a aby ale by byl byla bylo co do dla i ich jak jego jej jest juz na nie o od oraz po przez sa sie "
    "ta tak te to w we z za ze ze",
}
STOPWORDS = {lang: frozenset(words.split()) for lang, words in _STOP.items()}

_PL_SUFFIXES = tuple(
    sorted(
        [
            *("osciami", "owania", "owanie", "owego", "owych", "owymi", "owna", "owej", "oscia", "osci"),
            *("owa", "owe", "owy", "ami", "ach", "ego", "emu", "ymi", "imi", "owi", "iem", "ow", "om", "em"),
            *("iach", "iami", "iom", "ie", "ia", "iu", "ii", "y", "i", "a", "e", "u", "o"),
        ],
        key=len,
        reverse=True,
    )
)
_EN_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ies", "ed", "es", "ly", "s")


def fold(text: str) -> str:
    """Lower case without diacritics: "Łódź" → "lodz", "Straße" → "strasse", "Żółć" → "zolc"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def _german(word: str) -> str:
    # CISTEM (Weissweiler & Fraser 2017), its suffix loop on an already folded word.
    while len(word) > _MIN:
        if len(word) > 5 and word[-2:] in ("em", "er", "nd"):
            word = word[:-2]
        elif word[-1] in "tesn":
            word = word[:-1]
        else:
            break
    return word


def _cut(word: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def stem(word: str, language: str) -> str:
    """The stem of one folded word in a language (another language's word is cut as English)."""
    if word.isdigit():
        return word
    if language == "de":
        return _german(word)
    if language == "pl":
        return _cut(word, _PL_SUFFIXES)
    return _cut(word, _EN_SUFFIXES)


def stems(text: str, language: str) -> Iterator[str]:
    """The stems of a text's words, stop words left out."""
    stop = STOPWORDS.get(language, STOPWORDS["en"])
    for word in words(text):
        if word not in stop:
            yield stem(word, language)
