"""Batches of token ids back to words, and a check that batch rows continue the text.

Used by Q9 (each row of a batch continues the same row of the previous batch) and Q13
(the first validation batches printed as English). Works for data B (y: one target per
row) and data C (y: a target per position) alike, and for any iterable of (x, y)
batches, a fastai DataLoader included.

Included by: questions/q09.md, questions/q13.md; imported by: questions/q02.md
"""


# --8<-- [start:decode]
from itertools import islice


def decode(ids, vocab) -> str:
    """Token ids (a list or 1-d tensor) as the words they stand for, space-separated."""
    return " ".join(vocab[int(i)] for i in ids)


def first_batches(dl, n):
    """The first `n` (x, y) batches of a DataLoader, in the order it yields them."""
    return list(islice(iter(dl), n))


def row_ids(batches, row) -> list[int]:
    """Row `row` of the inputs of consecutive batches, joined into one list of ids."""
    return [int(i) for x, _ in batches for i in x[row]]
# --8<-- [end:decode]


# --8<-- [start:continuity]
def _as_text(ids) -> str:
    # one character per token id, so that "is a run of the stream" is a substring test
    return "".join(chr(int(i)) for i in ids)


def is_run_of(ids, stream) -> bool:
    """True when `ids` appear in `stream` as one contiguous run, in this order."""
    return _as_text(ids) in _as_text(stream)


def rows_continue(batches, stream) -> list[bool]:
    """For each batch row: does it read as one stretch of `stream` over all batches?"""
    n_rows = len(batches[0][0])
    return [is_run_of(row_ids(batches, r), stream) for r in range(n_rows)]
# --8<-- [end:continuity]
