"""How smoothly the demo wall's GUI thread runs: event-loop stalls with and without freezing the start-up heap.

Run from the repository root: ``.venv/bin/python benchmarks/wall_stalls.py`` (about 4 minutes).

It seeds a demo database (``bsm seed --demo``, about 20 s) into a temporary folder, serves the demo cameras from
``common.video.mjpeg_server`` on loopback, and runs that database's wall (three outputs offscreen: the TV wall's
"Umum" and "Kamera" presets and the videotron, 16 live cameras, map, OPD board, charts, ticker) in a fresh child
process per case, alternating:

* baseline: the wall as built, Python's garbage collector left as it is;
* freeze: the wall's own ``wall.main.freeze_startup_heap`` after ``HEAP_FREEZE_DELAY_MS``, as ``bsm wall`` does.

In each child a 10 ms timer on the GUI thread records how late the event loop serves it (p50/p99/max, and how many
stalls exceed 50 and 100 ms), and ``gc.callbacks`` time every full (generation 2) collection. Both cases measure the
same window, from 8 s after start. Ratios are freeze / baseline of the same run (medians over ``--pairs``).

Target (issue 4: a 24-hour wall whose videotron ticker scrolls without jerks): with the freeze, no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTLE_S = 8.0
"""Measuring starts here: after the freeze (at 5 s) and the first snapshots, in both cases."""


def child(mode: str, seconds: float) -> dict[str, Any]:
    """Run the wall of ``$BSM_DATABASE_URL`` for ``SETTLE_S + seconds`` and return what the probes saw."""
    import gc

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from common.config import load_config
    from wall.app import build
    from wall.main import HEAP_FREEZE_DELAY_MS, freeze_startup_heap

    app = QApplication([])
    wall = build(load_config(), windowed=True)
    wall.start()
    if mode == "freeze":
        QTimer.singleShot(HEAP_FREEZE_DELAY_MS, freeze_startup_heap)
    late: list[float] = []
    full_gc: list[float] = []
    state = {"last": 0.0, "measuring": False, "gc_start": 0.0}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            state["gc_start"] = time.perf_counter()
        elif info["generation"] == 2 and state["measuring"]:
            full_gc.append(time.perf_counter() - state["gc_start"])

    def tick() -> None:
        now = time.monotonic()
        late.append(now - state["last"] - 0.010)
        state["last"] = now

    def begin() -> None:
        state["last"], state["measuring"] = time.monotonic(), True
        probe.start()

    gc.callbacks.append(on_gc)
    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(tick)
    QTimer.singleShot(round(SETTLE_S * 1000), begin)
    QTimer.singleShot(round((SETTLE_S + seconds) * 1000), app.quit)
    app.exec()
    probe.stop()
    gc.callbacks.remove(on_gc)
    wall.shutdown()
    data = sorted(late)
    return {
        "mode": mode, "ticks": len(data), "p50_ms": 1000 * data[len(data) // 2],
        "p99_ms": 1000 * data[int(len(data) * 0.99)], "max_ms": 1000 * data[-1],
        "over_50": sum(1 for x in data if x > 0.050), "over_100": sum(1 for x in data if x > 0.100),
        "full_gc": len(full_gc), "full_gc_max_ms": 1000 * max(full_gc, default=0.0),
        "frozen": gc.get_freeze_count(),
    }


def _seed(folder: Path, camera_port: int) -> dict[str, str]:
    env = {**os.environ, "BSM_DATABASE_URL": f"sqlite:///{folder / 'bsm.db'}", "BSM__DATA_DIR": str(folder),
           "BSM_CONFIG": str(folder / "bsm.toml"), "QT_QPA_PLATFORM": "offscreen", "OPENCV_LOG_LEVEL": "ERROR"}
    (folder / "bsm.toml").write_text("# wall_stalls benchmark\n")
    bsm = [sys.executable, "-m", "bsm.cli"]
    subprocess.run([*bsm, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*bsm, "seed", "--demo", "--camera-base-url", f"http://127.0.0.1:{camera_port}"], env=env,
                   cwd=ROOT, check=True, capture_output=True)
    return env


def _run_child(env: dict[str, str], mode: str, seconds: float) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--seconds", str(seconds)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=seconds + 120, check=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _line(r: dict[str, Any]) -> str:
    return (f" {r['mode']:<8} lateness p50 {r['p50_ms']:5.1f} p99 {r['p99_ms']:5.1f} max {r['max_ms']:6.1f} ms | "
            f"stalls >50 ms {r['over_50']:3d}, >100 ms {r['over_100']:3d} | full collections {r['full_gc']} "
            f"(longest {r['full_gc_max_ms']:5.1f} ms) | frozen objects {r['frozen']}")


def main(argv: list[str]) -> int:
    """Seed, serve cameras, run the pairs and print the report."""
    from tests.support.procs import free_port, start_process

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=45.0, help="measuring window per case (default %(default)s)")
    p.add_argument("--pairs", type=int, default=2, help="baseline/freeze pairs (default %(default)s)")
    p.add_argument("--child", choices=("baseline", "freeze"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.seconds)), flush=True)
        return 0
    with tempfile.TemporaryDirectory(prefix="bsm-stalls-") as tmp:
        port = free_port()
        env = _seed(Path(tmp), port)
        camera = [sys.executable, "-m", "common.video.mjpeg_server", "--port", str(port)]
        with start_process(camera, log_path=Path(tmp) / "camera.log", cwd=ROOT, wait_port=port):
            results = [_run_child(env, mode, args.seconds) for _ in range(max(1, args.pairs))
                       for mode in ("baseline", "freeze")]
    for r in results:
        print(_line(r), flush=True)
    base = [r for r in results if r["mode"] == "baseline"]
    frozen = [r for r in results if r["mode"] == "freeze"]
    for key in ("p99_ms", "max_ms", "full_gc_max_ms"):
        ratio = statistics.median(f[key] / b[key] for b, f in zip(base, frozen, strict=True) if b[key] > 0)
        print(f" freeze / baseline, {key}: x{ratio:.2f} (median of {len(base)} pairs)")
    ok = all(r["over_100"] == 0 for r in frozen)
    print(f"target (freeze: no stall over 100 ms) met: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
