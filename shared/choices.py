"""The words for the vocabulary's choices (`shared/vocabulary.py`) in each shipped language.

Every service that shows a choice to a person (intake's forms, matching's reasons) reads the same labels from
`shared/choice_labels/<lang>.json`, keyed `<group>.<code>` (e.g. `interest.cooking`).
"""

from __future__ import annotations

from pathlib import Path

from shared.i18n import Catalogues

CATALOGUES = Catalogues(Path(__file__).parent / "choice_labels")


def label(language: str, group: str, code: str) -> str:
    """The choice's words in `language` (else English); a code with no label (a free tag) is shown as is."""
    key = f"{group}.{code}"
    return CATALOGUES.text(language, key) if CATALOGUES.has(key) else code
