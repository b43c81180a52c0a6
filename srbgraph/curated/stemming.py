"""German words reduced to comparable stems, for finding the curated entities in the source text.

A small stemmer after CISTEM (Weissweiler & Fraser, "Developing a Stemmer for German Based on a
Comparative Analysis of Publicly Available Stemmers", GSCL 2017), with a few additions for this
documentation. :func:`stem` does, in this order:

1. **Gender forms and abbreviations.** ``Akteur:innen``, ``Akteur*innen``, ``AkteurInnen`` → ``Akteur``;
   the text's own abbreviations stand for their words (:data:`ABBREVIATIONS`: ``SRB`` →
   Sozialraumbudget, ``BE`` in ``BE-relevant`` → Betriebserlaubnis).
2. **Folding.** Lower case; ``ä ö ü`` and their spellings ``ae oe ue`` → ``a o u``, ``ß`` → ``ss``, other
   accents dropped — umlaut-blind, so ``Fachkräfte``, ``Fachkraefte`` and ``Fachkraft`` meet.
3. **Noun endings ``-ung``/``-ungen``** are cut where at least four letters remain (``Finanzierung``,
   ``finanzieren`` → ``finanzier``). CISTEM's cut of a leading ``ge-`` is left out: it parts
   ``Gesetz`` from ``Gesetze`` and ``Gewinnung`` from ``gewinnen``.
4. **CISTEM's endings**, repeated while the word is longer than three letters: ``-em``/``-er`` and
   ``-nd`` (words over five letters), ``-t`` (only of a word written in lower case: verbs and
   adjectives, not nouns like ``Markt``), then ``-e``/``-s``/``-n``. ``sch``, ``ei``, ``ie`` and doubled
   letters are kept whole (``Prozess``/``Prozesse`` → ``prozess``); last, the ``e`` of a final ``-el``
   after a consonant goes (``Mittel``, ``weiterentwickeln`` and ``Weiterentwicklung`` → ``mittl``,
   ``weiterentwickl``).

So ``notwendigen``/``notwendiger`` → ``notwendig``, ``Kindern``/``Kinder`` → ``kind``, ``Ressourcen`` →
``ressourc``, ``beteiligt``/``Beteiligung`` → ``beteilig``. The stems are keys for comparison, never
shown. :func:`tokens` cuts a text into words (hyphenated compounds into their parts) with their
stems and places; :data:`STOP_WORDS` are the function words that say nothing about a topic.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..terms import fold

#: abbreviations of the documentation → the word they stand for (folded, before stemming)
ABBREVIATIONS = {"srb": "sozialraumbudget", "be": "betriebserlaubnis"}

#: German function words (folded as :func:`fold_word` folds): articles, pronouns, prepositions,
#: conjunctions, auxiliaries, particles and the like
STOP_WORDS = frozenset("""
aber alle allem allen aller alles als also am an andere anderen anderer anderes auch auf aus bei beim
bereits bezuglich bis bisher bzw da dabei dadurch dafur dagegen daher damit dann daran darauf daraus
darin daruber das dass davon dazu dem den denen denn dennoch der deren derer des dessen die dies diese
diesem diesen dieser dieses doch dort durch eher ein eine einem einen einer eines einige einigen einiger
einmal er es etc etwa etwas euch fur gegen gegenuber ggf hab habe haben hat hatte hatten hier hin hinaus
ich ihr ihre ihrem ihren ihrer im in indem ins insbesondere ist ja je jede jedem jeden jeder jedes
jedoch jetzt kann kaum kein keine keinem keinen keiner konnen konnte konnten man manche mehr mit muss
mussen nach neben nicht noch nun nur ob oder ohne per sehr sei seien sein seine seinem seinen seiner
seit sich sie sind so sodass sog soll sollen sollte sollten somit sondern sowie sowohl statt uber um
und uns unser unsere unserem unseren unserer unter usw uvm vgl viel viele vielen vom von vor wahrend
war waren warum was weil welche welchem welchen welcher welches wenn wer werden wie wieder wir wird wo
wobei wurde wurden zu zum zur zwar zwischen
""".split())

_WORD = re.compile(r"[^\W\d_](?:[^\W_]|[:*_](?=innen\b|in\b))*", re.UNICODE)
_GENDER = re.compile(r"(?:[:*_]innen|[:*_]in|(?<=[a-zäöüß])Innen)$")
_ENDINGS = re.compile(r"(?:e[mr]|nd)$")
_DOUBLE = re.compile(r"(.)\1")
_EL = re.compile(r"(?<=[^aeiou%&])el$")


class Token(NamedTuple):
    """One word of a text: its stem, and where it stands (character offsets)."""

    stem: str
    start: int
    end: int


def fold_word(word: str) -> str:
    """*word* in lower case, umlauts and their ``ae``/``oe``/``ue`` spellings as plain vowels, ``ß``
    as ``ss``, accents dropped."""
    return fold(word).replace("ae", "a").replace("oe", "o").replace("ue", "u")


@lru_cache(maxsize=1 << 16)  # a text repeats its words: the seed's 18,000 words are a few thousand
def stem(word: str, *, noun: bool | None = None) -> str:
    """The comparison stem of one German *word* (see the module's description); *noun* says whether
    it is a noun (a final ``-t`` stays), where its first letter cannot tell (a part of a compound)."""
    word = _GENDER.sub("", word)
    lower_case = word[:1].islower() if noun is None else not noun
    word = fold_word(word)
    word = ABBREVIATIONS.get(word, word)
    for ending in ("ungen", "ung"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[:-len(ending)]
            break
    word = word.replace("sch", "$").replace("ei", "%").replace("ie", "&")
    word = _DOUBLE.sub(r"\1*", word)
    while len(word) > 3:
        if len(word) > 5:
            shorter = _ENDINGS.sub("", word)
            if shorter != word:
                word = shorter
                continue
        if lower_case and word.endswith("t"):
            word = word[:-1]
            continue
        if word[-1] in "esn":
            word = word[:-1]
            continue
        break
    word = _EL.sub("l", word)
    word = re.sub(r"(.)\*", r"\1\1", word)
    return word.replace("%", "ei").replace("&", "ie").replace("$", "sch")


def tokens(text: str) -> list[Token]:
    """The words of *text* with their stems and places; a hyphenated compound (``Kita-Sozialarbeit``)
    gives its parts."""
    return [Token(stem(match.group()), match.start(), match.end()) for match in _WORD.finditer(text)]


def is_stop_word(token_stem: str) -> bool:
    """Whether a stem is a function word's (:data:`STOP_WORDS`, stemmed alike)."""
    return token_stem in _STOP_STEMS


_STOP_STEMS = frozenset(stem(word) for word in STOP_WORDS) | STOP_WORDS
