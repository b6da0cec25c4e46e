"""A continuation fence runs on from where the fence before it stopped, instead of from the top.

pytest-markdown-docs runs a `{.python continuation}` fence by executing the code of every earlier
fence of its chain again, then its own block: a chain of k fences executes k(k+1)/2 blocks, and
the long chains of the Further Research pages spend most of their time re-running.

The re-run recomputes what the fence before it left: its namespace, and the random generators where
its code left them (pagetest/plugin.py seeds them before every fence, and the earlier code draws
from there). So when that fence passed in this process, `FenceMemo` keeps both, and the next fence
restores the generators and executes only its own block in that namespace. Whenever the result
could differ from the re-run, the fence re-runs its chain as before:

- only the latest passing fence's state is kept (one namespace per run), and only a fence whose
  source is exactly that fence's source, newline padding, then its own block uses it; a fence
  after one that failed, was skipped, or ran in another pytest-xdist worker re-runs its chain,
  and so does a fence run alone (`-k 'line:122'`);
- the own block is compiled padded with newlines, under the page's path, so its tracebacks and its
  `#>` checks name page lines, as in the re-run;
- what each fence is given afresh (`print`, `__check_output__`, `__include__`, fixture values)
  replaces what the predecessor was given, except where its code rebound or deleted the name
  (the re-run would do that again);
- it does not apply to fences with fixtures (the re-run feeds fresh fixture values to the earlier
  code), to chains with top-level `await` or a `from __future__` import (they change how the
  whole chain compiles), to an own block that starts with a string (alone, it would set
  `__doc__`), or one that does not compile alone.

`CH12_FENCE_MEMO=0` turns it off, to compare: every continuation fence re-runs its chain.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import os
import random

ENV = "CH12_FENCE_MEMO"
_ABSENT = object()


def enabled() -> bool:
    return os.environ.get(ENV, "") != "0"


# The random generators: pagetest/plugin.py seeds them before every fence, a continuation finds
# them where the fence before it left them. Seeded, saved and restored side by side, so that a
# generator added to one list is added to all three.

def seed_generators(seed: int = 0) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def generator_states() -> tuple:
    import numpy as np
    import torch

    return random.getstate(), np.random.get_state(), torch.get_rng_state()


def restore_generators(states: tuple) -> None:
    import numpy as np
    import torch

    python_state, numpy_state, torch_state = states
    random.setstate(python_state)
    np.random.set_state(numpy_state)
    torch.set_rng_state(torch_state)


def _compile(source: str, path: str):
    return compile(source, path, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


def _runs_in_pieces(code) -> bool:
    """Whether code compiled in one piece behaves as its parts compiled apart: not a coroutine
    (top-level await runs the whole chain in an event loop) and no `__future__` import."""
    return not code.co_flags & inspect.CO_COROUTINE and "__future__" not in code.co_names


@dataclasses.dataclass
class FenceState:
    """What a passing fence left: the namespace its code (`source`) made, what it was given
    afresh before it ran, and the random generators at its end."""
    path: str
    source: str
    namespace: dict
    given: dict
    generators: tuple
    in_pieces: bool | None = None   # _runs_in_pieces(source), computed when first asked

    def runs_in_pieces(self) -> bool:
        if self.in_pieces is None:
            self.in_pieces = _runs_in_pieces(_compile(self.source, self.path))
        return self.in_pieces


@dataclasses.dataclass
class FenceMemo:
    """The state the latest passing fence of a pytest run left, and the runs that continue it."""
    on: bool = True
    state: FenceState | None = None

    def run(self, test, given: dict, full_run) -> None:
        """Run the fence `test` (a pytest-markdown-docs FenceTestDefinition), given `given`
        afresh: its own block only if it continues the kept state, else `full_run()`."""
        state, self.state = self.state, None   # a fence that fails leaves nothing behind
        fresh = dict(given)                    # before the code rebinds anything
        own = self.own_block(state, test, fresh) if state else None
        if own is None:
            full_run()
            namespace, in_pieces = given, None
        else:
            namespace = state.namespace
            for name, value in fresh.items():
                if namespace.get(name, _ABSENT) is state.given[name]:
                    namespace[name] = value
            restore_generators(state.generators)
            exec(own, namespace)
            in_pieces = True
        if self.on and not test.fixture_names:
            self.state = FenceState(str(test.source_path), test.source, namespace, fresh,
                                    generator_states(), in_pieces)

    @staticmethod
    def own_block(state: FenceState, test, given: dict):
        """The code of `test`'s own block, padded to its page lines, if running it on from
        `state` is what running `test.source` from the top does; else None."""
        path = str(test.source_path)
        padding = test.start_line - state.source.count("\n")
        head = state.source + "\n" * padding
        if (test.fixture_names or path != state.path or given.keys() != state.given.keys()
                or padding < 0 or not test.source.startswith(head)
                or (head and not head.endswith("\n")) or not state.runs_in_pieces()):
            return None
        try:
            code = _compile("\n" * test.start_line + test.source[len(head):], path)
        except (SyntaxError, ValueError):
            return None   # the re-run reports it, as before
        if not _runs_in_pieces(code) or "__doc__" in code.co_names:
            return None
        return code

    def forget(self) -> None:
        self.state = None
