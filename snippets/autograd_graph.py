"""Walking the autograd graph behind a tensor: the operations `backward()` will visit.

One walker, three measures built on it.

Included by: further-research/fr2.md, further-research/fr3.md, questions/q10.md,
questions/q11.md, questions/q12.md; imported by: none
"""

import torch


# --8<-- [start:walk]
def graph_nodes(output):
    """Every autograd node behind `output`, leaves' AccumulateGrad nodes included."""
    seen, todo = set(), [output.grad_fn]
    while todo:
        node = todo.pop()
        if node is not None and node not in seen:
            seen.add(node)
            todo += [parent for parent, _ in node.next_functions]
    return seen


def reads_of(param, output):
    """How often the graph behind `output` reads the leaf tensor `param` (one edge per
    use)."""
    return sum(
        getattr(parent, "variable", None) is param
        for node in graph_nodes(output)
        for parent, _ in node.next_functions
    )
# --8<-- [end:walk]


# --8<-- [start:saved]
def saved_bytes(output):
    """Bytes of the tensors the graph behind `output` keeps for backward(), each buffer
    once."""
    storages = {}
    for node in graph_nodes(output):
        for name in dir(node):
            value = getattr(node, name) if name.startswith("_saved_") else None
            if isinstance(value, torch.Tensor):
                storage = value.untyped_storage()
                storages[storage.data_ptr()] = storage.nbytes()
    return sum(storages.values())
# --8<-- [end:saved]
