"""Baseline for the police.uk importer: the same aggregation (month x LSOA x crime type) with
pandas. Usage: python3 pandas_aggregate.py FILE_OR_DIR... ; prints one JSON line."""
import json
import os
import resource


def peak_rss_kb():
    # VmHWM starts afresh at exec; ru_maxrss would report the size of the process that spawned us.
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
import sys
import time


def files_of(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _dirs, names in os.walk(p):
                for n in sorted(names):
                    if n.endswith(('-street.csv', '-street.csv.gz')):
                        yield os.path.join(root, n)
        else:
            yield p


def main():
    try:
        import pandas as pd
    except ImportError:
        print(json.dumps({"error": "pandas is not installed (apt-get install -y python3-pandas)"}))
        return
    files = sorted(files_of(sys.argv[1:]))
    start = time.perf_counter()
    rows = 0
    parts = []
    for f in files:
        df = pd.read_csv(f, usecols=["Month", "LSOA code", "Crime type"], dtype=str)
        rows += len(df)
        parts.append(df.groupby(["Month", "LSOA code", "Crime type"], dropna=True).size())
    agg = pd.concat(parts).groupby(level=[0, 1, 2]).sum()
    seconds = time.perf_counter() - start
    peak_kb = peak_rss_kb()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"rows": rows, "groups": int(len(agg)), "seconds": seconds, "cpuSeconds": usage.ru_utime + usage.ru_stime,
                      "peakRssMb": peak_kb / 1024, "pandas": pd.__version__}))


if __name__ == "__main__":
    main()
