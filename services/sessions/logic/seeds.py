"""The code of ethics and the agreement's terms as the seeds name them (DOMAIN.md: rules, and step 5),
in the shipped languages. They pre-fill an agreement; the mentor or the manager may edit them."""

from __future__ import annotations

ETHICS: dict[str, list[str]] = {
    "en": [
        "Respect everyone's time.",
        "Keep everything confidential, during the programme and after it.",
        "Respect others' opinions.",
        "Think before you speak or write.",
        "Be honest.",
        "Be open.",
        "Attend every scheduled meeting.",
        "A mentee who cannot attend informs the manager and the mentor.",
        "A mentor who cannot attend informs all mentees at least two days in advance and finds another "
        "date that suits the whole group.",
    ],
    "de": [
        "Wir respektieren die Zeit aller.",
        "Alles bleibt vertraulich, während des Programms und danach.",
        "Wir respektieren die Meinungen anderer.",
        "Erst denken, dann sprechen oder schreiben.",
        "Wir sind ehrlich.",
        "Wir sind offen.",
        "Wir nehmen an jedem geplanten Treffen teil.",
        "Wer als Mentee nicht kommen kann, informiert die Programmleitung und die Mentorin oder den Mentor.",
        "Wer als Mentorin oder Mentor nicht kommen kann, informiert alle Mentees mindestens zwei Tage "
        "vorher und findet einen neuen Termin, der der ganzen Gruppe passt.",
    ],
    "pl": [
        "Szanujemy czas wszystkich.",
        "Zachowujemy poufność w trakcie programu i po jego zakończeniu.",
        "Szanujemy opinie innych.",
        "Myślimy, zanim coś powiemy lub napiszemy.",
        "Jesteśmy uczciwi.",
        "Jesteśmy otwarci.",
        "Uczestniczymy w każdym zaplanowanym spotkaniu.",
        "Mentee, który nie może przyjść, informuje koordynatora i mentora.",
        "Mentor, który nie może przyjść, informuje wszystkich mentees co najmniej dwa dni wcześniej "
        "i znajduje inny termin odpowiadający całej grupie.",
    ],
}

TERMS: dict[str, list[str]] = {
    "en": [
        "The mentee is committed to and responsible for their own goals.",
        "We support each other and speak openly.",
        "Confidentiality lasts after the programme ends.",
        "The mentor's advice is guidance only: the mentee owns their decisions.",
    ],
    "de": [
        "Die oder der Mentee verpflichtet sich den eigenen Zielen und trägt die Verantwortung dafür.",
        "Wir unterstützen einander und sprechen offen.",
        "Die Vertraulichkeit gilt auch nach dem Ende des Programms.",
        "Ratschläge sind nur Orientierung: Die oder der Mentee trifft die eigenen Entscheidungen.",
    ],
    "pl": [
        "Mentee angażuje się w realizację własnych celów i odpowiada za nie.",
        "Wspieramy się nawzajem i rozmawiamy otwarcie.",
        "Poufność obowiązuje także po zakończeniu programu.",
        "Rady mentora są jedynie wskazówką: decyzje należą do mentee.",
    ],
}


def seeded(texts: dict[str, list[str]], languages: list[str]) -> list[str]:
    """The items in the first of the programme's languages that has them (English otherwise)."""
    language = next((lang for lang in languages if lang in texts), "en")
    return list(texts[language])
