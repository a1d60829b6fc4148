"""Made-up names, built from syllables, so the synthetic dataset names no real
person. Pronounceable enough to read a list of them; deterministic, given
the random generator."""

from __future__ import annotations

import random

_ONSETS = (
    "Al", "Bre", "Ca", "Dor", "El", "Fen", "Gar", "Hal", "Il", "Jor", "Kel", "Lor", "Mer",
    "Nor", "Or", "Per", "Ren", "Sel", "Tor", "Ul", "Ven", "Wyr", "Yor", "Zel", "Bry", "Cor",
    "Del", "Em", "Fal", "Gwi", "Hed", "Is", "Lle", "Mab", "Nes", "Pry", "Rho", "Sio", "Tal",
)  # fmt: skip
_FIRST_FEMALE = ("a", "wen", "ys", "ia", "eth", "ina", "elle", "ara", "ith", "yn")
_FIRST_MALE = ("an", "ion", "os", "ric", "al", "en", "ydd", "as", "or", "in")
_MIDDLES = ("ver", "dan", "mor", "el", "ard", "ow", "en", "ith", "ast", "orn", "ad", "ev")
_ENDINGS = ("ane", "ick", "ors", "ell", "ay", "arth", "ewe", "ix", "ond", "ume", "yce", "iss")


def first_name(rng: random.Random, sex: str) -> str:
    endings = _FIRST_FEMALE if sex == "2" else _FIRST_MALE
    return rng.choice(_ONSETS) + rng.choice(endings)


def last_name(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_MIDDLES) + rng.choice(_ENDINGS)
