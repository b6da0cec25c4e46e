"""snippets/autograd_graph.py: node counts, reads of a weight and saved bytes on small graphs."""

import torch

from snippets.autograd_graph import graph_nodes, reads_of, saved_bytes


def test_reads_of_counts_one_read_per_step():
    w = torch.randn(4, 4, requires_grad=True)
    h = torch.ones(2, 4)
    for steps in range(1, 6):
        h = torch.tanh(h @ w)
        assert reads_of(w, h) == steps


def test_graph_nodes_includes_the_leaf_and_grows_per_step():
    w = torch.randn(3, 3, requires_grad=True)
    one = torch.tanh(torch.ones(1, 3) @ w)
    two = torch.tanh(one @ w)
    # tanh, mm, AccumulateGrad(w) for the first step; tanh and mm more for the second
    assert len(graph_nodes(one)) == 3
    assert len(graph_nodes(two)) == 5


def test_saved_bytes_counts_each_buffer_once():
    w = torch.randn(8, 8, requires_grad=True)
    x = torch.randn(16, 8)
    out = (x @ w).sum()
    # mm saves x (for w's gradient); w itself is saved too only if x required grad
    assert saved_bytes(out) == x.numel() * x.element_size()
    assert saved_bytes(out) == saved_bytes(out)   # walking twice changes nothing
