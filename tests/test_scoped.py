"""deckdocs.scoped: a change to a shared mapping is undone after its block, also when it raised."""

from __future__ import annotations

import pytest

from deckdocs.scoped import restored, updated


def test_updated_sets_values_for_the_block_and_puts_back_what_was_there():
    shared = {"kept": 1, "changed": 2}
    with updated(shared, {"changed": 20, "added": 30}) as inside:
        assert inside is shared and shared == {"kept": 1, "changed": 20, "added": 30}
    assert shared == {"kept": 1, "changed": 2}


def test_restored_undoes_what_the_block_did_to_its_keys_only_even_after_an_error():
    shared = {"a": 1, "b": 2}
    with pytest.raises(RuntimeError), restored(shared, ["a", "new"]):
        shared.update(a=10, new=11, other=12)
        del shared["b"]
        raise RuntimeError
    assert shared == {"a": 1, "other": 12}  # "a" and "new" as before; the rest as the block left it


def test_a_value_of_none_is_a_value_not_an_absence():
    shared = {"none": None}
    with updated(shared, {"none": "x"}):
        pass
    assert shared == {"none": None}
