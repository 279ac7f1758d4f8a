"""pythainlp's Thai word dictionary in a compact form for newmm word segmentation.

pythainlp builds its default dictionary as a trie of one Python object and one dict per letter:
about 63 MB for its 62,000 words, the largest part of the bot's memory (bench/footprint.py).
newmm asks the dictionary one thing, the words that start at a position of the text
(``Trie.prefixes``), and a sorted list of the same words answers it with binary search in
well under 1 MB, walking letter by letter and stopping where no word goes on, as the trie does.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

TOKENIZER_ENGINE = "newmm"


class SortedWords(Trie):
    """A read-only word dictionary newmm accepts as its ``custom_dict``, kept as sorted words."""

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(())  # an empty trie: the words live in the sorted tuple only
        self.words: tuple[str, ...] = tuple(sorted({word.strip() for word in words} - {""}))

    def add(self, word: str) -> None:
        """Refuse to change the dictionary: it is shared by every tokenizing call."""
        raise TypeError("the word dictionary is read-only")

    def remove(self, word: str) -> None:
        """Refuse to change the dictionary: it is shared by every tokenizing call."""
        raise TypeError("the word dictionary is read-only")

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """List the dictionary's words that start at ``start`` in ``text``, shortest first."""
        words = self.words
        found: list[str] = []
        low = 0
        for end in range(start + 1, len(text) + 1):
            prefix = text[start:end]
            # Words are sorted, so those beginning with a longer prefix come no earlier.
            low = bisect_left(words, prefix, low)
            if low == len(words) or not words[low].startswith(prefix):
                break  # no word goes on this way: the trie's walk would stop here too
            if words[low] == prefix:
                found.append(prefix)
        return found

    def __contains__(self, key: object) -> bool:
        """Tell whether ``key`` is one of the dictionary's words."""
        if not isinstance(key, str):
            return False
        index = bisect_left(self.words, key)
        return index < len(self.words) and self.words[index] == key

    def __iter__(self) -> Iterator[str]:
        """Yield the words in sorted order."""
        return iter(self.words)

    def __len__(self) -> int:
        """Return the number of words."""
        return len(self.words)


@cache
def word_dictionary() -> SortedWords:
    """Return pythainlp's default word list as the compact dictionary, built once a process."""
    return SortedWords(thai_words())


def newmm_tokens(text: str, keep_whitespace: bool) -> list[str]:
    """Split ``text`` into words with newmm and the compact dictionary."""
    tokens: list[str] = word_tokenize(
        text,
        custom_dict=word_dictionary(),
        engine=TOKENIZER_ENGINE,
        keep_whitespace=keep_whitespace,
    )
    return tokens
