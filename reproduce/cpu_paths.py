"""One set of CPU code paths on every x86 machine, so seeded training gives the same bits everywhere.

PyTorch, oneDNN and NumPy each pick the widest vector instructions the CPU has. On an AVX-512 CPU
they take other code paths than on an AVX2 one, the last bits of sums and products differ, and
training amplifies that into accuracies a point or two apart: the `#>` lines of the pages would
then hold only on the CPU family that wrote them. Capping all three at AVX2 (the "x86-64-v3"
level) gives the same numbers on both. Measured: on an AVX-512 machine, every trained figure that
was written on an AVX2 one (AMD Zen 3) fails without the cap and matches with it.

The libraries read these variables once, when they are first imported or first run a kernel, so
`pin()` must run before numpy or torch is imported. Every entry point calls it explicitly, first:
conftest.py (pytest), `python -m reproduce.benchmark`, `python -m reproduce.figures`, the setup
cell of every page notebook. `PIN` records whether it came in time; a test fails if not.
A variable already set in the environment is left as it is.
"""

import os
import sys

PINNED = {
    "ATEN_CPU_CAPABILITY": "avx2",              # PyTorch's own kernels (elementwise, reductions)
    "ONEDNN_MAX_CPU_ISA": "AVX2",               # oneDNN, which PyTorch uses for matmuls and linear layers
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",   # NumPy's AVX-512 loops
}


PIN = {"called": False, "in_time": None}   # did pin() run, and before torch and numpy loaded?


def pin() -> None:
    """Set the caps, unless the environment already chose; too late once torch or numpy is loaded."""
    if not PIN["called"]:
        PIN.update(called=True, in_time=not ({"torch", "numpy"} & set(sys.modules)))
    for name, value in PINNED.items():
        os.environ.setdefault(name, value)


def report() -> None:
    """One line saying which code paths and versions run (printed by the notebooks' setup)."""
    import fastai
    import torch

    torch.set_num_threads(1)   # as the tests: the figures on the pages were computed with one thread
    state = active()
    late = "" if PIN["in_time"] else " (pinned too late: restart the kernel and run this cell first)"
    print(f"torch {torch.__version__}, fastai {fastai.__version__}, CPU path {state['torch']}, "
          f"1 thread{late}")


def active() -> dict:
    """What the running libraries actually use (for tests and the cache key)."""
    import numpy as np
    import torch

    found = np._core._multiarray_umath.__cpu_features__
    return {
        "torch": torch.backends.cpu.get_cpu_capability(),
        "numpy_avx512": any(found.get(f, False) for f in PINNED["NPY_DISABLE_CPU_FEATURES"].split()),
        "env": {name: os.environ.get(name) for name in PINNED},
    }
