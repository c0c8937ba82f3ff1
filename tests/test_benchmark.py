"""The benchmark script runs end to end on a small synthetic project and prints every figure it promises."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_benchmark_prints_both_times_their_ratio_and_the_time_inside_the_hooks():
    # Few notes, still three sizes (2, 4, 8) and compare blocks: the figures are tested, not their size.
    run = subprocess.run([sys.executable, "scripts/benchmark.py", "--notes", "8", "--blocks", "2", "--rounds", "1",
                          "--warmup", "0"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert re.search(r"round 1: CPU\s+\d+\.\d+ s without hooks,\s+\d+\.\d+ s with them, ratio \d+\.\d{3}", run.stdout)
    assert re.search(r"without hooks:\s+\d+\.\d+ s", run.stdout)
    assert re.search(r"with hooks:\s+\d+\.\d+ s", run.stdout)
    # At 8 notes the fixed costs dominate: the ratio can pass 10 on a busy machine.
    assert re.search(r"ratio:\s+\d+\.\d{3}\s+\d+\.\d{3}", run.stdout)
    assert re.search(r"median of the rounds' ratios: \d+\.\d{3}\s+\d+\.\d{3}\s+\(budget: 1\.250\)", run.stdout)
    assert re.search(r"8 notes:\s+\d+\.\d{3} s", run.stdout)
    inside = re.search(r"Inside the hooks' functions, one build: (\d+\.\d+) s", run.stdout)
    assert inside and float(inside.group(1)) > 0
    assert re.search(r"on_files \d+\.\d{3} s", run.stdout)  # validating the notes, at least
