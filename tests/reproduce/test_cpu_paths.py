"""The CPU code-path caps are in force in the test process (see reproduce/cpu_paths.py)."""

import os
import subprocess
import sys
from pathlib import Path

from reproduce import cpu_paths
from reproduce.paths import ROOT


def test_pin_ran_before_torch_and_numpy_were_imported():
    """conftest.py pins first; if anything imported torch or numpy before it, the caps were
    ignored and the trained figures on the pages would not be the capped ones."""
    assert cpu_paths.PIN == {"called": True, "in_time": True}, cpu_paths.PIN


def test_caps_are_set_before_the_libraries_load():
    state = cpu_paths.active()
    for name, value in cpu_paths.PINNED.items():
        assert state["env"][name] == os.environ.get(name, value), state
    # "DEFAULT" on a CPU without AVX2: the cap is an upper bound
    assert state["torch"] in ("AVX2", "DEFAULT"), state
    assert not state["numpy_avx512"], state


def test_mkl_runs_the_branch_that_intel_and_amd_share():
    """MKL reports the branch it really took: COMPATIBLE, the same bits on Intel and AMD (None:
    this torch links no MKL, as on ARM and macOS)."""
    assert cpu_paths.mkl_branch() in ("COMPATIBLE", None), cpu_paths.active()


def test_pin_first_caps_a_fresh_process():
    env = {k: v for k, v in os.environ.items() if k not in cpu_paths.PINNED}
    code = "from reproduce import cpu_paths; cpu_paths.pin(); print(cpu_paths.active(), cpu_paths.PIN)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert "'torch': 'AVX512'" not in out.stdout and "'numpy_avx512': False" in out.stdout, out.stdout
    assert "'mkl': 'AUTO'" not in out.stdout and "'mkl': 'OFF'" not in out.stdout, out.stdout
    assert "'in_time': True" in out.stdout, out.stdout


def test_importing_the_packages_pins_nothing():
    """The pin is explicit at each entry point, not a side effect of an import."""
    env = {k: v for k, v in os.environ.items() if k not in cpu_paths.PINNED}
    code = ("import os, snippets, reproduce, pagetest, sitebuild; "
            "print([n for n in %r if n in os.environ])" % (list(cpu_paths.PINNED),))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout


def test_pin_after_torch_is_reported_late():
    env = {k: v for k, v in os.environ.items() if k not in cpu_paths.PINNED}
    code = "import torch; from reproduce import cpu_paths; cpu_paths.pin(); print(cpu_paths.PIN)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert "'in_time': False" in out.stdout, out.stdout


def test_a_variable_the_user_set_wins():
    env = {**os.environ, "ATEN_CPU_CAPABILITY": "default"}
    code = ("from reproduce import cpu_paths; cpu_paths.pin(); import torch; "
            "print(torch.backends.cpu.get_cpu_capability())")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "DEFAULT", out.stdout
