"""Indonesian stemming (Sastrawi) behind a per-token cache, with the codebook's corrections.

Stemmers err: ``pendapat`` becomes ``dapat`` and ``masukan`` becomes ``masuk``. A
codebook's ``stemming.pin`` maps a form to the root it should have, and
``stemming.block`` lists forms that are never stemmed.
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Stemming

_BASE: Callable[[str], str] | None = None


def _base_stemmer() -> Callable[[str], str]:
    global _BASE  # noqa: PLW0603 - one Sastrawi stemmer per process; building it loads its dictionary
    if _BASE is None:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        _BASE = StemmerFactory().create_stemmer().stem
    return _BASE


class Stemmer:
    """Token -> root, cached for the whole run."""

    def __init__(self, corrections: Stemming | None = None) -> None:
        corrections = corrections or Stemming()
        self.cache: dict[str, str] = dict(corrections.pin)
        for form in corrections.block:
            self.cache.setdefault(form, form)
        self._stem = _base_stemmer()

    def __call__(self, token: str) -> str:
        root = self.cache.get(token)
        if root is None:
            root = self._stem(token) if token.isalpha() and len(token) > 3 else token
            self.cache[token] = root or token
            root = root or token
        return root
