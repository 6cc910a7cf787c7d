"""Summarise a JMH JSON result of StatsBenchmarks: wall ms/op (JMH's score and 99.9 % error) and CPU ms/op from
the cpuNanos / ops secondary counters (per measurement iteration, mean +- 99.9 % t interval).

Usage: python3 libs/stats/src/jmh/scripts/cpu_per_op.py jmh-result.json
"""
import json
import statistics
import sys

from scipy import stats

for b in json.load(open(sys.argv[1])):
    name = b["benchmark"].rsplit(".", 1)[1] + " " + ",".join(f"{k}={v}" for k, v in b.get("params", {}).items())
    pm = b["primaryMetric"]
    cpu = [c / o / 1e6 for c, o in zip(b["secondaryMetrics"]["cpuNanos"]["rawData"][0],
                                       b["secondaryMetrics"]["ops"]["rawData"][0])]
    n = len(cpu)
    mean = statistics.fmean(cpu)
    err = stats.t.ppf(0.9995, n - 1) * statistics.stdev(cpu) / n ** 0.5 if n > 1 else float("nan")
    print(f"| {name} | {pm['score']:.3f} ± {pm['scoreError']:.3f} | {mean:.3f} ± {err:.3f} |")
