"""The matcher against the labeled set in tests/fixtures/matching/ (300 people, 167 needs).

The floors are the levels the matcher reaches, rounded down a little: a change to the
tokeniser, the synonyms or the weights that makes matching worse fails here.
"""

from __future__ import annotations

import pytest

from tests.fixtures.matching import labeled

PRECISION_AT_3_FLOOR = 0.84
RECALL_AT_10_FLOOR = 0.94
NOBODY_FLOOR = 0.4


@pytest.fixture
def labeled_world(alice, frozen_now):
    pks, needs = labeled.load(alice)
    return alice, pks, needs


def test_it_reaches_the_precision_and_recall_floors_on_the_labeled_set(labeled_world):
    owner, pks, needs = labeled_world
    quality = labeled.evaluate(owner, pks, needs)
    print(quality)
    print("\n".join(quality.misses))
    assert quality.precision_at_3 >= PRECISION_AT_3_FLOOR, quality
    assert quality.recall_at_10 >= RECALL_AT_10_FLOOR, quality
    assert quality.nobody_right >= NOBODY_FLOOR, quality
