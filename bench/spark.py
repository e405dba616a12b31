"""Spark local[2], Parquet to Parquet, against `quotelens batch --threads 2`, in one run.

Run by bench/spark.sh (which sets up .venv/ and builds the wheel and the command line). Both
sides get the same articles: the project's own fixture and held-out articles (or the .txt files
of --corpus DIR) repeated to --mb MB of text (120 by default: Spark spends about 0.3 s on every
job whatever its size, planning, scheduling and committing it, which an archive-sized job does
not feel; it is timed alone, on no articles, and reported), as JSON Lines for the command line
and as 8 Parquet files for Spark. Spark's session, its JVM and its Python workers are started and warmed up by
--warm runs of the whole job first (by default as many as make 240 MB: the JIT compiles the
Parquet writer's paths over about that much; each warm-up's time is in the report); then the
two alternate --rounds times (this machine is shared: alternating puts both under the same load)
and each side's median round counts. MB are UTF-8 bytes of text / 10^6.
Prints a Markdown report; --write FILE saves it too. Speed targets are read here, not asserted.
"""

import argparse
import datetime
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
FILES = 8
TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by process ``root`` and its descendants, the
    finished ones included: Spark's JVM and its Python workers. Unlike wall time, this hardly
    moves when other work shares the machine."""
    parent, used = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the name: state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based
        parent[int(d)] = int(fields[1])
        used[int(d)] = sum(int(x) for x in fields[11:15])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += used.get(pid, 0)
        todo.extend(c for c, p in parent.items() if p == pid)
    return total / TICK


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def articles(corpus, mb):
    """The articles repeated (in order, whole) until they make ``mb`` MB of text."""
    if corpus:
        paths = sorted(Path(corpus).glob("*.txt"))
        what = f"{len(paths)} articles of {corpus}"
    else:
        paths = sorted((ROOT / "tests" / "fixtures").glob("*.txt")) + sorted((ROOT / "tests" / "holdout").glob("*.txt"))
        what = f"the {len(paths)} fixture and held-out articles"
    if not paths:
        sys.exit(f"no .txt files in {corpus}")
    base = [read(p) for p in paths]
    texts, size = [], 0
    while size < mb * 1e6:
        t = base[len(texts) % len(base)]
        texts.append(t)
        size += len(t.encode("utf-8"))
    return texts, f"{what}, repeated to {mb:g} MB"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True, help="the quotelens binary")
    ap.add_argument("--mb", type=float, default=120.0, help="MB of text (default 120)")
    ap.add_argument("--corpus", help="a folder of .txt articles instead of the fixtures")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warm", type=int, help="whole Spark jobs run before the timed rounds (default: 240 MB of them)")
    ap.add_argument("--java-opts", default="",
                    help="extra JVM options, e.g. --java-opts=-XX:StartFlightRecording=settings=profile")
    ap.add_argument("--write", help="also write the report to this file")
    args = ap.parse_args()
    if args.warm is None:
        args.warm = max(2, math.ceil(240 / args.mb))

    texts, source = articles(args.corpus, args.mb)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    work = Path(tempfile.mkdtemp(prefix="quotelens-spark-bench-"))
    try:
        jsonl = work / "articles.jsonl"
        with open(jsonl, "w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": i, "text": t}) + "\n")
        parquet_in = work / "articles"
        parquet_in.mkdir()
        per = -(-len(texts) // FILES)
        for k in range(FILES):
            part = texts[k * per:(k + 1) * per]
            ids = list(range(k * per, k * per + len(part)))
            pq.write_table(pa.table({"id": pa.array(ids, pa.int64()), "text": pa.array(part, pa.string())}),
                           parquet_in / f"part-{k}.parquet")

        parquet_none = work / "none-in"
        parquet_none.mkdir()
        pq.write_table(pa.table({"id": pa.array([], pa.int64()), "text": pa.array([], pa.string())}),
                       parquet_none / "part-0.parquet")

        load0 = os.getloadavg()[0]
        t0 = time.perf_counter()
        from pyspark.sql import SparkSession

        import quotelens.spark as qs

        spark = (
            SparkSession.builder.master("local[2]")
            .appName("quotelens-bench")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "4g")
            .config("spark.sql.files.minPartitionNum", str(FILES))
            .config("spark.driver.extraJavaOptions", args.java_opts)
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        jvm_start = time.perf_counter() - t0

        def spark_run(src, dst, options=qs.PARQUET_OPTIONS):
            df = spark.read.parquet(str(src))
            qs.annotate(df, keep=("id",)).write.mode("overwrite").options(**options).parquet(str(dst))
            return df.rdd.getNumPartitions()

        # Where Spark's time goes (spark_run with options={} is the job with Spark's own writer
        # defaults, on parquet_none the job's fixed cost): the same job without writing Parquet
        # (the "noop" sink still brings every row back into the JVM), and reading the articles alone.
        def spark_noop(annotated):
            df = spark.read.parquet(str(parquet_in))
            (qs.annotate(df, keep=("id",)) if annotated else df).write.format("noop").mode("overwrite").save()

        def cli_run():
            with open(work / "batch.jsonl", "wb") as out:
                subprocess.run([args.cli, "batch", "--threads", "2", "--unit", "char", str(jsonl)], stdout=out,
                               check=True)

        def children_cpu():
            r = resource.getrusage(resource.RUSAGE_CHILDREN)
            return r.ru_utime + r.ru_stime

        jvm = spark.sparkContext._gateway.proc.pid

        # warm-up: the JVM's code paths, the Python workers and the page cache, outside the
        # timings. Whole jobs, not one file: the JIT keeps compiling the Parquet writer's and
        # Arrow's paths for several jobs. Measured on this machine, 30 MB jobs from the first:
        # 11.7, 3.6, 3.7, 3.5, 2.7, 2.5, then 2.1–2.3 s from the seventh or eighth on. An archive
        # job runs for hours in that compiled state, so the rounds count from there; the
        # report lists each warm-up's time.
        warm_rounds = []
        for _ in range(args.warm):
            t1 = time.perf_counter()
            spark_run(parquet_in, work / "warm")
            warm_rounds.append(time.perf_counter() - t1)
        cli_run()

        times = {"cli": [], "spark": [], "defaults": [], "noop": [], "read": [], "fixed": []}
        cpu = {"cli": [], "spark": []}
        partitions = 0
        for _ in range(args.rounds):
            t0, c0 = time.perf_counter(), children_cpu()
            cli_run()
            times["cli"].append(time.perf_counter() - t0)
            cpu["cli"].append(children_cpu() - c0)
            t0, c0 = time.perf_counter(), tree_cpu(jvm) + time.process_time()
            partitions = spark_run(parquet_in, work / "annotated")
            times["spark"].append(time.perf_counter() - t0)
            cpu["spark"].append(tree_cpu(jvm) + time.process_time() - c0)
            t0 = time.perf_counter()
            spark_run(parquet_in, work / "defaults", options={})
            times["defaults"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            spark_run(parquet_none, work / "none")
            times["fixed"].append(time.perf_counter() - t0)
            for key, annotated in (("noop", True), ("read", False)):
                t0 = time.perf_counter()
                spark_noop(annotated)
                times[key].append(time.perf_counter() - t0)
        load1 = os.getloadavg()[0]

        # the two outputs hold the same articles (the tests check them field by field)
        rows = pq.read_table(work / "annotated", columns=["id", "annotations"])
        cli_lines = (work / "batch.jsonl").read_text(encoding="utf-8").splitlines()
        assert rows.num_rows == len(cli_lines) == len(texts), (rows.num_rows, len(cli_lines), len(texts))
        spark_count = sum(len(a) for a in rows.column("annotations").to_pylist())
        cli_count = sum(len(json.loads(line)["annotations"]) for line in cli_lines)
        assert spark_count == cli_count, (spark_count, cli_count)
        spark.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    rate = {k: mb / v for k, v in med.items()}
    ratio = rate["spark"] / rate["cli"]
    import pyspark

    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    rounds = lambda k: ", ".join(f"{t:.2f}" for t in times[k])  # noqa: E731
    cpu_rounds = lambda k: ", ".join(f"{t:.2f}" for t in cpu[k])  # noqa: E731
    cpu_ratio = med_cpu["cli"] / med_cpu["spark"]
    report = f"""# Quotelens on Spark: throughput against the command line

Generated by `bench/spark.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; do not edit by hand —
rerun the command. Both rows were measured in that one run, on the same articles.

- articles: {source}, {len(texts):,} articles, {mb:.1f} MB of text (UTF-8); offsets in `char`
- machine: {model}, {os.cpu_count()} cores; load average {load0:.1f} at the start, {load1:.1f} at the end
- versions: PySpark {pyspark.__version__}, pyarrow {pa.__version__}, Python {platform.python_version()}; Quotelens at commit {commit}
- Spark: `local[2]`, {partitions} input partitions ({FILES} Parquet files), `quotelens.spark.annotate` (mapInArrow) then
  `write.options(**quotelens.spark.PARQUET_OPTIONS).parquet`. Session start (JVM) {jvm_start:.1f} s and {args.warm} warm-up runs of the whole job
  ({", ".join(f"{t:.2f}" for t in warm_rounds) or "none"} s: the JIT compiling Spark's Parquet writer), not counted.
- command line: `quotelens batch --threads 2 --unit char` from JSON Lines to JSON Lines (a file).
- {args.rounds} rounds, each the command line, then Spark, then the four other Spark jobs below; the median round of each counts.

| pipeline | median time | rounds (s) | MB/s | against the command line |
|---|---|---|---|---|
| `quotelens batch --threads 2`, JSON Lines → JSON Lines | {med['cli']:.2f} s | {rounds('cli')} | {rate['cli']:.1f} | 1.00× |
| Spark `local[2]`, Parquet → Parquet | {med['spark']:.2f} s | {rounds('spark')} | {rate['spark']:.1f} | {ratio:.2f}× (target ≥ 0.6×: **{'met' if ratio >= 0.6 else 'not met'}**) |

CPU time of the same rounds (user + system seconds of the command line; of Spark's JVM, its
Python workers and the driver), which other load on the machine hardly changes. On an idle
machine where both keep the two cores busy, the wall-clock ratio tends to this one:

| pipeline | median CPU time | rounds (s) | CPU against the command line |
|---|---|---|---|
| `quotelens batch --threads 2` | {med_cpu['cli']:.2f} s | {cpu_rounds('cli')} | 1.00× |
| Spark `local[2]` | {med_cpu['spark']:.2f} s | {cpu_rounds('spark')} | {cpu_ratio:.2f}× |

Where Spark's time goes (same run, not part of the comparison):

| Spark job | median time | rounds (s) | MB/s |
|---|---|---|---|
| Parquet → `annotate` → Parquet with Spark's default writer options (dictionaries on every column) | {med['defaults']:.2f} s | {rounds('defaults')} | {rate['defaults']:.1f} |
| Parquet → `annotate` → `noop` sink (rows back in the JVM, no Parquet written) | {med['noop']:.2f} s | {rounds('noop')} | {rate['noop']:.1f} |
| Parquet → `noop` sink (reading the articles alone) | {med['read']:.2f} s | {rounds('read')} | {rate['read']:.1f} |
| the whole job on no articles (Spark's cost per job: planning, scheduling, committing) | {med['fixed']:.2f} s | {rounds('fixed')} | – |
"""
    print(report)
    if args.write:
        Path(args.write).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
