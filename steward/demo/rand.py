"""A faster uniform pick than random.Random.choice (which is the generator's hottest call)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def pick(rng: random.Random, options: Sequence[T]) -> T:
    """One of the options, uniformly at random (options must not be empty)."""
    return options[int(rng.random() * len(options))]


def between(rng: random.Random, low: int, high: int) -> int:
    """An int from low to high inclusive, like rng.randint but a few times faster."""
    return low + int(rng.random() * (high - low + 1))


def below(rng: random.Random, limit: int) -> int:
    """An int from 0 to limit - 1, like rng.randrange(limit) but a few times faster."""
    return int(rng.random() * limit)
