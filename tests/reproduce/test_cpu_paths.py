"""The CPU code-path caps are in force in the test process (see reproduce/cpu_paths.py)."""

import os
import subprocess
import sys

import pytest

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


def test_mkl_runs_the_pinned_branch():
    """MKL reports the branch it really took: AVX2 on an Intel CPU; on an AMD one MKL takes no
    capped branch, so AUTO (None: this torch links no MKL, as on ARM and macOS)."""
    expected = {"GenuineIntel": "AVX2", "AuthenticAMD": "AUTO"}.get(cpu_paths.cpu_vendor())
    pinned = cpu_paths.PINNED["MKL_CBWR"]
    if os.environ.get("MKL_CBWR", pinned) != pinned or expected is None:
        pytest.skip(f"MKL_CBWR={os.environ.get('MKL_CBWR')} chosen, or a CPU of vendor {cpu_paths.cpu_vendor()!r}")
    assert cpu_paths.mkl_branch() in (expected, None), cpu_paths.active()


def test_the_numerics_fingerprint_is_stable_and_leaves_torch_as_it_found_it():
    import torch

    torch.manual_seed(7)
    before, threads = torch.random.get_rng_state(), torch.get_num_threads()
    first = cpu_paths.numerics_fingerprint()
    cpu_paths.numerics_fingerprint.cache_clear()
    assert cpu_paths.numerics_fingerprint() == first and len(first) == 16
    assert torch.equal(torch.random.get_rng_state(), before) and torch.get_num_threads() == threads


def test_figures_are_exact_only_where_the_fingerprint_is_the_figures(monkeypatch):
    from reproduce import recorded_numerics

    monkeypatch.delenv("CH12_FIGURES", raising=False)
    monkeypatch.setattr(recorded_numerics, "FINGERPRINT", "0" * 16)
    monkeypatch.setattr(recorded_numerics, "VENDOR", cpu_paths.cpu_vendor())
    assert cpu_paths.figures_mode() == "tolerant"
    reason = "fingerprint" if cpu_paths.on_pinned_path() else "CPU path"
    assert reason in cpu_paths.mode_line(), cpu_paths.mode_line()


def test_figures_are_exact_only_on_a_cpu_of_the_figures_vendor(monkeypatch):
    """A fingerprint can match where training does not (Intel with MKL_CBWR=AVX2,STRICT matched
    AMD's and trained apart), so the vendor is recorded and checked too."""
    from reproduce import recorded_numerics

    monkeypatch.delenv("CH12_FIGURES", raising=False)
    monkeypatch.setattr(recorded_numerics, "FINGERPRINT", cpu_paths.numerics_fingerprint())
    monkeypatch.setattr(recorded_numerics, "VENDOR", "SomeOtherVendor")
    assert cpu_paths.figures_mode() == "tolerant"
    if cpu_paths.on_pinned_path():
        assert "SomeOtherVendor" in cpu_paths.mode_line(), cpu_paths.mode_line()
        monkeypatch.setattr(recorded_numerics, "VENDOR", cpu_paths.cpu_vendor())
        assert cpu_paths.figures_mode() == "exact"


def test_pin_first_caps_a_fresh_process():
    env = {k: v for k, v in os.environ.items() if k not in cpu_paths.PINNED}
    code = "from reproduce import cpu_paths; cpu_paths.pin(); print(cpu_paths.active(), cpu_paths.PIN)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert "'torch': 'AVX512'" not in out.stdout and "'numpy_avx512': False" in out.stdout, out.stdout
    if cpu_paths.cpu_vendor() == "GenuineIntel":
        assert "'mkl': 'AVX2'" in out.stdout, out.stdout
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


def test_a_variable_the_user_set_wins_and_the_fingerprint_tells_the_path():
    """PyTorch's kernels below the AVX2 cap, chosen by the user (the path of the issue's
    'numerics moved' check), are taken, and the numerics fingerprint tells them apart."""
    import torch

    if torch.backends.cpu.get_cpu_capability() != "AVX2":
        pytest.skip("this machine does not run the AVX2 path to compare the lowered one with")
    env = {**os.environ, "ATEN_CPU_CAPABILITY": "default"}
    code = ("from reproduce import cpu_paths; cpu_paths.pin(); import torch; "
            "print(torch.backends.cpu.get_cpu_capability(), cpu_paths.numerics_fingerprint())")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT)
    path, lowered = out.stdout.split()
    assert path == "DEFAULT" and lowered != cpu_paths.numerics_fingerprint(), out.stdout
