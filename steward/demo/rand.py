"""A faster uniform pick than random.Random.choice (which is the generator's hottest call)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def pick(rng: random.Random, options: Sequence[T]) -> T:
    """One of the options, uniformly at random (options must not be empty)."""
    return options[int(rng.random() * len(options))]
