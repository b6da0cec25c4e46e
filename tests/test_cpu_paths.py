"""The CPU code-path caps are in force in the test process (see snippets/cpu_paths.py)."""

import os
import subprocess
import sys
from pathlib import Path

from snippets import cpu_paths

ROOT = Path(__file__).resolve().parents[1]


def test_caps_are_set_before_the_libraries_load():
    state = cpu_paths.active()
    for name, value in cpu_paths.PINNED.items():
        assert state["env"][name] == os.environ.get(name, value), state
    # "DEFAULT" on a CPU without AVX2: the cap is an upper bound
    assert state["torch"] in ("AVX2", "DEFAULT"), state
    assert not state["numpy_avx512"], state


def test_importing_snippets_first_caps_a_fresh_process():
    env = {k: v for k, v in os.environ.items() if k not in cpu_paths.PINNED}
    code = "import snippets; from snippets import cpu_paths; print(cpu_paths.active())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert "'torch': 'AVX512'" not in out.stdout and "'numpy_avx512': False" in out.stdout, out.stdout


def test_a_variable_the_user_set_wins():
    env = {**os.environ, "ATEN_CPU_CAPABILITY": "default"}
    code = "import snippets, torch; print(torch.backends.cpu.get_cpu_capability())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "DEFAULT", out.stdout
