"""snippets/batches.py on a small token stream whose answers are known by construction."""

import torch

from snippets.batches import decode, first_batches, is_run_of, row_ids, rows_continue
from snippets.data import group_chunks

VOCAB = [f"w{i}" for i in range(40)]
STREAM = list(range(40)) * 3          # 120 tokens; every 3-token window occurs three times


def items(stream, sl=3):
    """(sl tokens, next sl tokens shifted by one), non-overlapping, like the chapter's data C."""
    return [(torch.tensor(stream[i:i + sl]), torch.tensor(stream[i + 1:i + sl + 1]))
            for i in range(0, len(stream) - sl - 1, sl)]


def batches(ds, bs):
    """Consecutive batches of `bs` items, no shuffling, last partial batch dropped."""
    out = []
    for start in range(0, len(ds) - bs + 1, bs):
        chunk = ds[start:start + bs]
        out.append((torch.stack([x for x, _ in chunk]), torch.stack([y for _, y in chunk])))
    return out


def test_decode_tensor_and_list():
    assert decode(torch.tensor([0, 5, 39]), VOCAB) == "w0 w5 w39"
    assert decode([1, 2], VOCAB) == "w1 w2"


def test_first_batches_keeps_order_and_count():
    dl = [("a", 1), ("b", 2), ("c", 3)]
    assert first_batches(dl, 2) == [("a", 1), ("b", 2)]
    assert first_batches(iter(dl), 5) == dl


def test_row_ids_joins_one_row_over_batches():
    b = batches(items(STREAM), 4)[:2]
    assert row_ids(b, 0) == [int(i) for i in b[0][0][0]] + [int(i) for i in b[1][0][0]]


def test_is_run_of():
    assert is_run_of([3, 4, 5], STREAM)
    assert is_run_of([39, 0, 1], STREAM)        # wraps from one copy to the next
    assert not is_run_of([3, 5], STREAM)
    assert not is_run_of([5, 4], STREAM)


def test_grouped_rows_continue_and_plain_rows_do_not():
    ds = items(STREAM)                           # 39 items of 3 tokens
    bs = 4
    grouped = batches(group_chunks(ds, bs), bs)
    plain = batches(ds, bs)
    assert len(grouped) == len(ds) // bs == 9
    assert rows_continue(grouped[:3], STREAM) == [True] * bs
    # plain order: row r of the next batch starts bs items (12 tokens) later, not 3
    assert rows_continue(plain[:3], STREAM) == [False] * bs
    # a single batch is trivially one stretch per row
    assert rows_continue(plain[:1], STREAM) == [True] * bs
