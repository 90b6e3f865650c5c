#!/usr/bin/env python3
"""Times the PyPI `srt` and `pysubs2` libraries against chuhai on the same generated files.

The files are the seeded 100k-cue SRT, WebVTT and TTML tracks that SubtitleBenchmarks writes
to $CHUHAI_BENCH_DIR (default /tmp/chuhai-bench/subtitles) when `make bench` runs it. The
Python packages are installed at run time into .build-bench/venv (never committed).

Each figure is the best of --runs runs. chuhai is timed as a whole process (`chuhai validate`
with the netflix zh-Hans rules, and `chuhai convert --to ttml`), so its numbers include process
start-up; the Python libraries are timed in-process on parse only. Both wall-clock and CPU
MB/s are printed: on a shared 2-core machine the CPU figure is the steadier one.
"""
import argparse
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, ".build-bench", "venv")
PY = os.path.join(VENV, "bin", "python")


def ensure_venv():
    """Re-runs this script inside a venv that has srt and pysubs2."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(PY):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([PY, "-m", "pip", "install", "-q", "srt", "pysubs2"])
    os.execv(PY, [PY] + sys.argv)


def best(fn, runs):
    """Best wall and CPU seconds of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def best_process(cmd, runs):
    """Best wall and CPU (user + sys of the child) seconds of running `cmd`."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - w)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        if r.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.decode()[:500]}")
    return min(walls), min(cpus)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default=os.environ.get("CHUHAI_BENCH_DIR", "/tmp/chuhai-bench/subtitles"))
    ap.add_argument("--chuhai", default=os.path.join(ROOT, ".build", "release", "chuhai"))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    ensure_venv()
    import pysubs2
    import srt

    files = {ext: os.path.join(args.dir, f"bench.{ext}") for ext in ("srt", "vtt", "ttml")}
    missing = [p for p in files.values() if not os.path.exists(p)]
    if missing:
        sys.exit(f"missing {', '.join(missing)}: run `make bench` (SubtitleBenchmarks writes them) first")
    if not os.access(args.chuhai, os.X_OK):
        sys.exit(f"no chuhai binary at {args.chuhai}: run `swift build -c release --product chuhai`")
    size = {k: os.path.getsize(p) / 1e6 for k, p in files.items()}

    def read(path):
        with open(path, encoding="utf-8") as f:
            return f.read()

    rows = []
    validate = [args.chuhai, "validate", "--profile", "netflix", "--lang", "zh-Hans", "--fps", "24", "--format", "json"]
    for ext in ("srt", "vtt", "ttml"):
        rows.append((f"chuhai validate ({ext})", ext, best_process(validate + [files[ext]], args.runs)))
    rows.append(("chuhai convert srt->ttml", "srt",
                 best_process([args.chuhai, "convert", files["srt"], "--to", "ttml", "-o", os.path.join(args.dir, "out.ttml")], args.runs)))
    rows.append(("srt.parse (srt)", "srt", best(lambda: list(srt.parse(read(files["srt"]))), args.runs)))
    for ext in ("srt", "vtt", "ttml"):
        rows.append((f"pysubs2.load ({ext})", ext, best(lambda e=ext: pysubs2.load(files[e], encoding="utf-8"), args.runs)))

    print(f"files: {', '.join(f'{k} {v:.1f} MB' for k, v in size.items())}; best of {args.runs}")
    print(f"{'tool':28} {'wall MB/s':>10} {'CPU MB/s':>10}")
    speed = {}
    for name, ext, (wall, cpu) in rows:
        speed[name] = (size[ext] / wall, size[ext] / cpu if cpu > 0 else float("inf"))
        print(f"{name:28} {speed[name][0]:10.1f} {speed[name][1]:10.1f}")
    print("\nratios (chuhai / Python, wall and CPU):")
    for ours, theirs in (("chuhai validate (srt)", "srt.parse (srt)"), ("chuhai validate (srt)", "pysubs2.load (srt)"),
                         ("chuhai validate (vtt)", "pysubs2.load (vtt)"), ("chuhai validate (ttml)", "pysubs2.load (ttml)")):
        a, b = speed[ours], speed[theirs]
        print(f"  {ours} vs {theirs}: {a[0] / b[0]:.1f}x wall, {a[1] / b[1]:.1f}x CPU")


if __name__ == "__main__":
    main()
