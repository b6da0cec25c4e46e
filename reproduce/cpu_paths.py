"""One set of CPU code paths on every x86 machine of a vendor, so seeded training gives the same bits.

PyTorch, oneDNN and NumPy each pick the widest vector instructions the CPU has. On an AVX-512 CPU
they take other code paths than on an AVX2 one, the last bits of sums and products differ, and
training amplifies that into accuracies a point or two apart: the `#>` lines of the pages would
then hold only on the CPU family that wrote them. Capping all three at AVX2 (the "x86-64-v3"
level) gives the same numbers on both. Measured: on an AVX-512 machine, every trained figure that
was written on an AVX2 one (AMD Zen 3) fails without the cap and matches with it. Across vendors
the caps are not enough: MKL rounds differently on Intel and AMD (MKL_CBWR below), so the figures
are compared exactly only on a CPU of their vendor with their numerics fingerprint.

The libraries read these variables once, when they are first imported or first run a kernel, so
`pin()` must run before numpy or torch is imported. Every entry point calls it explicitly, first:
conftest.py (pytest), `python -m reproduce.benchmark`, `python -m reproduce.figures`, the setup
cell of every page notebook. `PIN` records whether it came in time; a test fails if not.
A variable already set in the environment is left as it is.
"""

import functools
import os
import sys

PINNED = {
    "ATEN_CPU_CAPABILITY": "avx2",              # PyTorch's own kernels (elementwise, reductions)
    "ONEDNN_MAX_CPU_ISA": "AVX2",               # oneDNN, which some of PyTorch's CPU ops call
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",   # NumPy's AVX-512 loops
    # MKL, which torch's x86 wheels link statically and which runs nn.Linear's, matmul's and
    # nn.LSTM's fp32 products. MKL picks its kernels by CPU vendor as well as by generation. On an
    # Intel CPU, AVX2 caps its branch as the other caps do (an AVX-512 Xeon otherwise takes its
    # AVX-512 kernels: seed 0's LMModel6 ended 0.5994 there against 0.6980), and MKL documents
    # that branch as giving the same results on every Intel CPU with AVX2. On an AMD CPU MKL takes
    # no branch but AUTO and COMPATIBLE, so the variable is ignored: measured, AUTO gave the same
    # bits on a Zen 3 EPYC (AVX2) and a Zen 4 EPYC (AVX-512) for every trained figure.
    # No setting measured makes Intel and AMD train to the same bits, so the figures' machine is
    # recorded with its vendor (recorded_numerics.py) and the other vendor compares within
    # TOLERANT. Measured against the AMD figures on a Sapphire Rapids Xeon (2026-12-06): with AVX2,
    # LMModel3, 4 and 6 part from epoch 4, 2 and 2; with "AVX2,STRICT" the numerics fingerprint
    # even matched AMD's, yet the same three models parted at the same epochs; COMPATIBLE, which
    # MKL documents as the same results on Intel and non-Intel CPUs, parted too (an Intel Xeon and
    # a Zen 4 EPYC differ from LMModel3's second epoch on) and cost 12 to 22% of training time.
    "MKL_CBWR": "AVX2",
}
# MKL's numbers for its branches (mkl_cbwr.h): what `mkl_branch()` reports.
MKL_BRANCHES = {1: "OFF", 2: "AUTO", 3: "COMPATIBLE", 4: "SSE2", 6: "SSSE3", 7: "SSE4_1",
                8: "SSE4_2", 9: "AVX", 10: "AVX2", 11: "AVX512_MIC", 12: "AVX512",
                13: "AVX512_MIC_E1", 14: "AVX512_E1"}


PIN = {"called": False, "in_time": None}   # did pin() run, and before torch and numpy loaded?


def pin() -> None:
    """Set the caps, unless the environment already chose; too late once torch or numpy is loaded."""
    if not PIN["called"]:
        PIN.update(called=True, in_time=not ({"torch", "numpy"} & set(sys.modules)))
    for name, value in PINNED.items():
        os.environ.setdefault(name, value)


def report(verified: dict | None = None) -> None:
    """Say which versions and code paths run (the notebooks' setup prints it), and whether trained
    figures can be expected to match the page's: `verified` is {"torch": ..., "fastai": ...}, the
    versions the pages were verified with (requirements.txt's pins)."""
    import fastai
    import torch

    torch.set_num_threads(1)   # as the tests: the figures on the pages were computed with one thread
    path = torch.backends.cpu.get_cpu_capability()
    print(f"torch {torch.__version__}, fastai {fastai.__version__}, CPU path {path}, 1 thread")
    reasons = []
    if not PIN["in_time"]:
        reasons.append("the CPU caps came after torch or numpy loaded (restart the kernel and run this cell first)")
    running = {"torch": torch.__version__, "fastai": fastai.__version__}
    for name, version in (verified or {}).items():
        if running[name].split("+")[0] != version:
            reasons.append(f"{name} {running[name]} is not the verified {version}")
    if figures_mode() != "exact":
        reasons.append(not_exact_reason())
    if reasons:
        t = TOLERANT
        print(f"trained figures may differ from the page's (by up to rel {t['rel']} / abs {t['abs']}): "
              + "; ".join(reasons))
    else:
        print(f"verified versions{' and' if verified else ','} the pinned CPU path: trained figures "
              f"should match the page's to the last digit")


@functools.lru_cache(maxsize=None)
def mkl_branch() -> str | None:
    """The MKL reproducibility branch in force in this process ("COMPATIBLE", "AUTO", ...), or
    None where torch links no MKL (ARM, macOS). Read from MKL itself, not from the variable:
    MKL reads MKL_CBWR once, so a variable set after MKL started would say nothing (and the
    answer, fixed for the process, is read once: active() asks it for every cache key)."""
    import ctypes
    import glob

    import torch

    lib_dir = os.path.join(os.path.dirname(torch.__file__), "lib")
    for path in glob.glob(os.path.join(lib_dir, "libtorch_cpu.*")):
        try:
            get = ctypes.CDLL(path).mkl_serv_cbwr_get
        except (OSError, AttributeError):
            continue
        get.restype = ctypes.c_int
        get.argtypes = [ctypes.c_int]
        torch.ones(2, 2) @ torch.ones(2, 2)     # MKL chooses its branch at its first product
        return MKL_BRANCHES.get(get(1), str(get(1)))   # 1 = MKL_CBWR_BRANCH: the one in use
    return None


def active() -> dict:
    """What the running libraries actually use (for tests and the cache key)."""
    import numpy as np
    import torch

    found = np._core._multiarray_umath.__cpu_features__
    return {
        "torch": torch.backends.cpu.get_cpu_capability(),
        "numpy_avx512": any(found.get(f, False) for f in PINNED["NPY_DISABLE_CPU_FEATURES"].split()),
        "mkl": mkl_branch(),
        "env": {name: os.environ.get(name) for name in PINNED},
    }


# ---------------------------------------------------------------------------------------------
# Exact or within a tolerance: how trained figures are compared on this machine.
#
# The `#>` figures were written on the pinned path (x86 with AVX2, capped as above, one torch
# thread) of one CPU vendor, and where the numerics are the same (same vendor, same fingerprint)
# they are compared to a relative 1e-6: bit-identical runs. Anywhere else (an ARM Mac, an x86 CPU
# without AVX2, the other x86 vendor) the last bits differ and training amplifies them. Sized from
# one measurement, on an AMD EPYC with ATen's and oneDNN's caps lowered below AVX2: LMModel1, 2, 5
# and 7 stayed bit-identical; LMModel3, 4 and 6 moved by up to 0.055 in one epoch's accuracy and
# 0.027 in the final one. Checked afterwards against the AMD figures on an Intel Xeon, under
# three MKL settings and with the caps lowered: outside the `pinned` fences, accuracies moved by
# at most 0.048 and losses by at most 5%, except LMModel6's seeds on the results page (up to
# 0.146), whose block is now pinned too. Where rounding decides a result, no tolerance fits:
# such figures are in `pinned` fences (pagetest/fences.py), which a tolerant run skips, saying so.
# A wrong model or a broken training step still fails here; a change of a point or two fails in
# exact runs only.
TOLERANT = {"rel": 0.1, "abs": 0.08}
EXACT = {"rel": 1e-6, "abs": 0.0}


def figures_mode() -> str:
    """'exact' on the pinned path, 'tolerant' elsewhere; CH12_FIGURES=exact|tolerant decides."""
    chosen = os.environ.get("CH12_FIGURES", "")
    if chosen in ("exact", "tolerant"):
        return chosen
    return "exact" if on_pinned_path() and same_numerics_as_the_figures() else "tolerant"


def on_pinned_path() -> bool:
    """x86 with PyTorch's kernels at AVX2 and oneDNN capped there (the caps above in force)."""
    import platform

    import torch

    return platform.machine().lower() in ("x86_64", "amd64") and \
        torch.backends.cpu.get_cpu_capability() == "AVX2" and \
        os.environ.get("ONEDNN_MAX_CPU_ISA", "").upper() in ("AVX2", "")


def same_numerics_as_the_figures() -> bool:
    """Does this machine compute the last bits the machine that wrote the figures computed?
    The vendor too: a fingerprint can match where training does not (MKL_CBWR above)."""
    from reproduce.recorded_numerics import FINGERPRINT, VENDOR

    return cpu_vendor() == VENDOR and numerics_fingerprint() == FINGERPRINT


def cpu_vendor() -> str:
    """The CPU's vendor as Linux reports it ("GenuineIntel", "AuthenticAMD"); elsewhere whatever
    platform.processor() says ("arm" on a Mac, "" where nothing is known)."""
    import platform
    from pathlib import Path

    cpuinfo = Path("/proc/cpuinfo")
    for line in cpuinfo.read_text().splitlines() if cpuinfo.is_file() else []:
        if line.startswith("vendor_id"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


@functools.lru_cache(maxsize=None)
def numerics_fingerprint() -> str:
    """A hash of the bits of three training steps of a small model built from the operations the
    chapter's models train with (embedding, nn.Linear, a two-layer nn.LSTM, relu, tanh, sigmoid,
    cross entropy, an Adam-like step), on one thread, as the figures are computed.

    Caps alone do not make two CPUs agree: MKL's kernels depend on the vendor (see MKL_CBWR
    above). Two machines with the same fingerprint ran every one of these kernels to the same
    bits; measured on the Zen 4 EPYC, it moves with each of the caps (MKL's branch, PyTorch's and
    oneDNN's ISA), and so does training. Leaves torch's random state and thread count as it found
    them. make refresh records the figures' machine's in reproduce/recorded_numerics.py."""
    import hashlib

    import torch

    digest = hashlib.sha256()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(0)
            emb, lin = torch.nn.Embedding(30, 64), torch.nn.Linear(64, 64)
            lstm, out = torch.nn.LSTM(64, 64, 2, batch_first=True), torch.nn.Linear(64, 30)
            params = [p for m in (emb, lin, lstm, out) for p in m.parameters()]
            x, y = torch.randint(0, 30, (64, 16)), torch.randint(0, 30, (64, 16))
            for _ in range(3):
                hidden = torch.relu(lin(emb(x)))
                logits = out(torch.tanh(lstm(hidden)[0]) + torch.sigmoid(hidden))
                loss = torch.nn.functional.cross_entropy(logits.view(-1, 30), y.view(-1))
                grads = torch.autograd.grad(loss, params)
                with torch.no_grad():
                    for p, g in zip(params, grads):
                        # Adam's first step, in the elementwise kernels Adam runs (torch.optim
                        # would import torch._dynamo, 1.3 s, into every process that asks)
                        p.sub_(1e-2 * g / (g.abs() + 1e-8))
                for t in (logits, loss, *params):
                    digest.update(t.detach().numpy().tobytes())
    finally:
        torch.set_num_threads(threads)
    return digest.hexdigest()[:16]


def figure_tolerance() -> dict:
    """{"rel": ..., "abs": ...} for comparing trained figures on this machine."""
    return EXACT if figures_mode() == "exact" else TOLERANT


def mode_line() -> str:
    """The one line a test run prints about how it compares figures."""
    import torch

    path = torch.backends.cpu.get_cpu_capability()
    if figures_mode() == "exact":
        return f"trained figures: exact (pinned CPU path {path}, 1 thread)"
    t = TOLERANT
    return (f"trained figures: within rel {t['rel']} / abs {t['abs']} ({not_exact_reason()}; "
            f"see reproduce/README.md)")


def not_exact_reason() -> str:
    """Why this machine compares the figures within a tolerance (figures_mode() is not exact)."""
    import torch

    from reproduce.recorded_numerics import FINGERPRINT, VENDOR

    if os.environ.get("CH12_FIGURES") == "tolerant":
        return "CH12_FIGURES=tolerant"
    if not on_pinned_path():
        path = torch.backends.cpu.get_cpu_capability()
        return f"this machine runs CPU path {path}, not the pinned x86 AVX2 one"
    if cpu_vendor() != VENDOR:
        return (f"this CPU is {cpu_vendor() or 'of an unknown vendor'}, the figures' was {VENDOR}, "
                f"and MKL's kernels round differently on the two")
    return (f"this CPU computes other last bits than the one that wrote the figures: numerics "
            f"fingerprint {numerics_fingerprint()}, the figures' {FINGERPRINT}")
