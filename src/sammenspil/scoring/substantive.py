"""Whether a text argues: one rule for every heuristic that weighs what players wrote.

A text is *substantive* when it has at least ``argument_min_words`` words, is not a repeat or
near-repeat of a text written earlier in the round (by anyone), and is about something: it
shares a content word with the card(s) it argues about, or names a role. Counting words alone
pays for filler ("we think this good", lorem ipsum, one paragraph pasted everywhere); this rule
does not. Repeated or contentless text is still kept and shown; it only does not count as argued.

Near-repeats are found by word-3-shingles compared with Jaccard similarity, after every word of
the deck's cards and roles is masked (a run of them becomes one ``#``), so a template with another
card title slotted in ("We place {remedy} on {problem} because it matters for all of us") is a
repeat of its first use. The exact rule, threshold and examples are in docs/scoring.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sammenspil.deck.models import Deck

NEAR_REPEAT = 0.5  # Jaccard of masked word-3-shingles at or above which a text is a repeat
PREFIX = 6  # letters two words must share to count as one word ...
PREFIX_SHARE = 0.75  # ... covering at least this share of the shorter word
MASK = "#"
_MASK_WORD = "xxcardxx"  # stands in for a masked title while the text is split into words

_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\w+")  # a word as ``\w`` and ``\W`` part them (see _mask_titles)

# Function words of both languages: never content, so sharing one with a card says nothing.
_STOPWORDS = """
    a about after again all also am an and any are as at be because been before being but by
    can could did do does doing for from had has have having he her here him his how i if in
    into is it its just let lets like make makes more most much must my no not now of off on
    once one only or other our out over own same she should so some such than that the their
    them then there these they this those through to too under until up us very was we were
    what when where which while who why will with would you your yes ok okay good fine well
    think thing things really way get got put place placed places card cards matter matters
    importance important agree agreed everyone everybody everything anyone someone new
    af al alle alt andre at bare blev blive bliver da de dem den denne der deres det dette
    din dig du efter eller en end er et for fordi fra få går godt gør ham han har have hende
    her hvad hvem hver hvis hvor hvordan hvorfor i ikke ind jeg jo kan kun kunne man mange
    med meget men mere mig min mod må ned noget nogle nu når og også om op os over på sig
    sin skal skulle som så til ud under var vi vil ville være været vores ja nej ret helt
    lægger lægge lagt kort vigtigt vigtig enig enige synes tror sit sine betyder betyde ny nye nyt
"""
STOPWORDS = frozenset(_STOPWORDS.split())


class Said(StrEnum):
    """Why a text counts, or does not, as argued."""

    EMPTY = "empty"
    SHORT = "short"
    REPEAT = "repeat"
    OFF_TOPIC = "off-topic"
    ARGUED = "argued"

    @property
    def substantive(self) -> bool:
        return self is Said.ARGUED


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, letters only (digits and punctuation split words)."""
    return _WORD.findall(text.casefold())


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= 3 and w not in STOPWORDS}


def same_word(a: str, b: str) -> bool:
    """One word in two forms: equal, an English plural, or a common prefix of at least six
    letters covering three quarters of the shorter word (Danish inflection: "kommunen" and
    "kommunerne", "borger" and "borgerne"; not "consectetur" and "consequences")."""
    if a == b or a + "s" == b or b + "s" == a:
        return True
    shorter = min(len(a), len(b))
    if shorter < PREFIX:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= PREFIX and common >= PREFIX_SHARE * shorter


class Vocabulary:
    """The deck's words, indexed for the two questions asked of every text: which of its words
    are card words (masked before comparing), and does it share a word with given cards."""

    def __init__(self, deck: Deck) -> None:
        self.cards: dict[str, set[str]] = {}
        for p in deck.problems:
            self.cards[p.id] = content_words(f"{p.title} {p.text}")
        for r in deck.remedies:
            self.cards[r.id] = content_words(f"{r.title} {r.text}")
        for d in deck.dilemmas:
            self.cards[d.id] = content_words(f"{d.question} {d.left} {d.right} {d.text}")
        self.roles: set[str] = set()
        for role in deck.roles:
            self.roles |= content_words(role.name)  # not the id: players never see it
        everything = set(self.roles).union(*self.cards.values())
        # Whole titles, function words and all, so a title slotted into a template masks as one
        # word ("Remove rules before writing new ones" -> "#"), longest first.
        titles = [p.title for p in deck.problems] + [r.title for r in deck.remedies]
        titles += [t for d in deck.dilemmas for t in (d.question, d.left, d.right)]
        titles += [role.name for role in deck.roles]
        # Each title's words under its first word, longest title first (see ``_mask_titles``).
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        phrases = {tuple(ws) for t in titles if (ws := words(t))}
        for phrase in sorted(phrases, key=len, reverse=True):
            self._phrases.setdefault(phrase[0], []).append(phrase)
        self._exact = everything
        self._by_prefix: dict[str, list[str]] = {}
        for w in everything:
            if len(w) >= PREFIX:
                self._by_prefix.setdefault(w[:PREFIX], []).append(w)
        self._card_word: dict[str, bool] = {}

    def is_card_word(self, w: str) -> bool:
        known = self._card_word.get(w)
        if known is None:
            known = (
                w in self._exact
                or (w.endswith("s") and w[:-1] in self._exact)
                or w + "s" in self._exact
                or any(same_word(w, c) for c in self._by_prefix.get(w[:PREFIX], ()))
            )
            self._card_word[w] = known
        return known

    def about(self, text_words: set[str], cards: Iterable[str]) -> bool:
        """Shares a content word with one of ``cards`` (ids), or names a role."""
        wanted = set(self.roles)
        for card in cards:
            wanted |= self.cards.get(card, set())
        return any(same_word(w, c) for w in text_words for c in wanted)

    def mask(self, text: str) -> list[str]:
        """The text's words with every card title and card word masked; a run of masks is one."""
        masked: list[str] = []
        for w in words(self._mask_titles(text.casefold())):
            token = MASK if w == _MASK_WORD or self.is_card_word(w) else w
            if token == MASK and masked and masked[-1] == MASK:
                continue
            masked.append(token)
        return masked

    def _mask_titles(self, folded: str) -> str:
        """The text with each card title in it replaced by `` xxcardxx ``: a title is its words
        as whole word tokens (``\\w+``) in a row, whatever non-word characters part them; at
        each token, left to right, the longest title that starts there.

        This is what the alternation ``(?<!\\w)(?:w1\\W+w2|...)(?!\\w)`` of every title,
        longest first, replaced (two titles that match at one token are one the other's start,
        so the first that matches is the longest); compiling that pattern took 4 of the 5 ms a
        deck's vocabulary costs.
        """
        if not self._phrases:  # no title has a word: the empty pattern, as it always matched
            return re.sub(r"(?<!\w)(?:)(?!\w)", f" {_MASK_WORD} ", folded)
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
        out: list[str] = []
        done = 0  # the text up to here is in out
        i = 0
        while i < len(tokens):
            for phrase in self._phrases.get(tokens[i][0], ()):
                end = i + len(phrase)
                if end <= len(tokens) and all(
                    tokens[i + k][0] == word for k, word in enumerate(phrase[1:], 1)
                ):
                    out += [folded[done : tokens[i][1]], f" {_MASK_WORD} "]
                    done = tokens[end - 1][2]
                    i = end
                    break
            else:
                i += 1
        out.append(folded[done:])
        return "".join(out)

    def shingles(self, text: str) -> frozenset[tuple[str, ...]]:
        """The word-3-shingles of the masked text (the whole masked text when shorter)."""
        masked = self.mask(text)
        if len(masked) < 3:
            return frozenset({tuple(masked)}) if masked else frozenset()
        return frozenset(tuple(masked[i : i + 3]) for i in range(len(masked) - 2))


_VOCABULARIES: dict[int, tuple[Deck, Vocabulary]] = {}


def vocabulary(deck: Deck) -> Vocabulary:
    """The deck's vocabulary, built once per deck object (a deck is frozen): scoring the same
    round again, as the screens and the server do, does not rebuild the title patterns."""
    found = _VOCABULARIES.get(id(deck))
    if found is not None and found[0] is deck:
        return found[1]
    for old in list(_VOCABULARIES)[:-7]:  # keep the last few decks; safe if threads race
        _VOCABULARIES.pop(old, None)
    built = Vocabulary(deck)
    _VOCABULARIES[id(deck)] = (deck, built)
    return built


@dataclass
class Judge:
    """Reads a round's texts in the order they were written and says of each whether it argues.

    Earlier texts are indexed by shingle, so a new text is compared only with those it shares a
    shingle with: the cost grows with the number of shared shingles, not with all pairs.
    """

    vocabulary: Vocabulary
    min_words: int
    _seen: list[int] = field(default_factory=list)  # shingle-set size per earlier text
    _index: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    _known: set[frozenset[tuple[str, ...]]] = field(default_factory=set)  # exact copies

    def read_cards(self, deck: Deck) -> None:
        """Count every card's own text as said before the round: pasting it is not an argument
        of the player's own (a repeat), while a sentence that quotes a few of its words is."""
        printed = [(p.title, p.text) for p in deck.problems]
        printed += [(r.title, r.text) for r in deck.remedies]
        printed += [(d.question, d.text) for d in deck.dilemmas]
        for title, text in printed:
            if text:
                self._remember(self.vocabulary.shingles(f"{title} {text}"))

    def judge(self, text: str, about: Iterable[str]) -> Said:
        ws = words(text)
        if not ws:
            return Said.EMPTY
        shingles = self.vocabulary.shingles(text)
        if shingles in self._known:  # a copy: a repeat, and nothing new to index (this keeps
            repeat = True  # pasted filler from making the comparisons quadratic)
        else:
            repeat = self._repeats(shingles)
            self._remember(shingles)
        if len(ws) < self.min_words:
            return Said.SHORT
        if repeat:
            return Said.REPEAT
        if not self.vocabulary.about({w for w in ws if w not in STOPWORDS}, about):
            return Said.OFF_TOPIC
        return Said.ARGUED

    def _repeats(self, shingles: frozenset[tuple[str, ...]]) -> bool:
        shared: dict[int, int] = {}
        for sh in shingles:
            for earlier in self._index.get(sh, ()):
                shared[earlier] = shared.get(earlier, 0) + 1
        for earlier, inter in shared.items():
            union = len(shingles) + self._seen[earlier] - inter
            if inter / union >= NEAR_REPEAT:
                return True
        return False

    def _remember(self, shingles: frozenset[tuple[str, ...]]) -> None:
        self._known.add(shingles)
        number = len(self._seen)
        self._seen.append(len(shingles))
        for sh in shingles:
            self._index.setdefault(sh, []).append(number)


def substantive(
    text: str, *, about: Iterable[str], deck: Deck, earlier: Sequence[str] = ()
) -> bool:
    """Whether ``text`` argues about the cards ``about`` (ids), after the texts ``earlier``.

    The one-off form of :class:`Judge`, for a single text; scoring a round uses one judge over
    the round's texts in order (``Context.said``).
    """
    judge = Judge(vocabulary(deck), deck.rules.argument_min_words)
    judge.read_cards(deck)
    for before in earlier:
        judge.judge(before, ())
    return judge.judge(text, about).substantive
