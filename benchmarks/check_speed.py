"""How long `python -m scripts check` needs for the real site (target: under 2 s).

Run: .venv/bin/python -m benchmarks.check_speed
Prints the in-process time of check_content() (best of 5) and of one whole command run,
including interpreter start-up.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from civic_site.content_check import check_content

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        findings = check_content(ROOT)
        timings.append(time.perf_counter() - started)
    print(f"check_content: {min(timings) * 1000:.0f} ms (best of 5), {len(findings)} findings")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=ROOT, capture_output=True)
    print(f"python -m scripts check: {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
