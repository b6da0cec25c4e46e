"""pytest set-up for the whole project.

The CPU cap comes first, before anything imports torch or numpy: trained figures are bit-identical
across x86 CPUs only on the capped code paths (reproduce/cpu_paths.py;
tests/reproduce/test_cpu_paths.py fails if it came too late). Then the page plugin, which turns
every Python fence of docs/ into a test (pagetest/plugin.py), and the rule for which tests share
a pytest-xdist worker (tests/worker_groups.py); pytester runs pytest inside a test
(tests/pagetest/test_doc_pipeline.py).
"""

from reproduce import cpu_paths

cpu_paths.pin()

pytest_plugins = ["pagetest.plugin", "tests.worker_groups", "pytester"]
