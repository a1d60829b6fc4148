"""nas.core.paging: a long list a page at a time, its records read only for the page."""

from __future__ import annotations

from nas.core.paging import KeptEntries


def _entries(loaded: list[set[int]], changed: frozenset[int] = frozenset()):
    keys = [(False, day, pk) for day, pk in ((1, 7), (2, 3), (2, 9), (5, 1))]

    def load(pks: set[int]) -> list[tuple[bool, int, int]]:
        loaded.append(pks)
        return [k if k[2] not in changed else (k[0], k[1] + 10, k[2]) for k in keys if k[2] in pks]

    return KeptEntries(keys, load, lambda e: e, record_at=2)


def test_a_slice_reads_only_its_own_records_in_the_kept_order():
    loaded: list[set[int]] = []
    entries = _entries(loaded)
    assert len(entries) == 4 and loaded == []
    assert entries[1:3] == [(False, 2, 3), (False, 2, 9)]
    assert loaded == [{3, 9}]
    assert entries[-1] == (False, 5, 1)
    assert list(entries) == [(False, 1, 7), (False, 2, 3), (False, 2, 9), (False, 5, 1)]


def test_an_entry_whose_record_changed_since_the_order_was_kept_is_left_out():
    entries = _entries([], changed=frozenset({3}))
    assert entries[0:3] == [(False, 1, 7), (False, 2, 9)]
