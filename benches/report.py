#!/usr/bin/env python3
"""Turns benches/run.sh's results.tsv into the Markdown tables for the README.

    python3 benches/report.py results.tsv RUNS "tool versions"

Rows of results.tsv: site, tool, kind (warmup, cold, nochange, onechanged,
pages), run, wall seconds (or the page count for kind "pages"), peak RSS in KB,
CPU seconds (user + system).
"""

import datetime
import os
import statistics
import sys
from collections import defaultdict


def main():
    path, runs, versions = sys.argv[1], sys.argv[2], sys.argv[3]
    times, rss, cpu, pages = defaultdict(list), defaultdict(list), defaultdict(list), {}
    for line in open(path, encoding="utf-8"):
        site, tool, kind, _run, value, kb, seconds = line.rstrip("\n").split("\t")
        if kind == "pages":
            pages[(site, tool)] = int(value)
        elif kind != "warmup":
            times[(site, tool, kind)].append(float(value))
            rss[(site, tool, kind)].append(int(kb) / 1024)
            cpu[(site, tool, kind)].append(float(seconds))

    def med(table, key):
        return statistics.median(table[key]) if table.get(key) else None

    sites = []
    for site, _tool, _kind in times:
        if site not in sites:
            sites.append(site)
    tools = ["stegvis", "hugo", "zola", "mdbook"]
    today = datetime.date.today().isoformat()
    print(f"Measured {today} on this {os.cpu_count()}-core machine, shared with other work; "
          f"median of {runs} cold builds per cell (min-max in brackets), tools alternating.")
    print(f"Versions: {versions}.")
    print()
    print("| site | tool | HTML pages | wall time | CPU time | peak RSS "
          "| time vs stegvis | RSS vs stegvis |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for site in sites:
        base_t = med(times, (site, "stegvis", "cold"))
        base_m = med(rss, (site, "stegvis", "cold"))
        for tool in tools:
            key = (site, tool, "cold")
            if key not in times:
                continue
            t, m = med(times, key), med(rss, key)
            spread = f"({min(times[key]):.2f}-{max(times[key]):.2f})"
            print(f"| {site} | {tool} | {pages.get((site, tool), '')} | {t:.2f} s {spread} "
                  f"| {med(cpu, key):.2f} s | {m:.0f} MB | {t / base_t:.2f}x | {m / base_m:.2f}x |")
    synthetic = [s for s in sites if s.endswith("p")]
    if len(synthetic) >= 2:
        small, large = synthetic[0], synthetic[-1]
        print()
        print(f"Scaling, {large} / {small} (medians; pages grow "
              f"{int(large[:-1]) / int(small[:-1]):.0f}x):")
        print()
        print("| tool | wall time ratio | CPU time ratio | RSS ratio |")
        print("| --- | ---: | ---: | ---: |")
        for tool in tools:
            a, b = (large, tool, "cold"), (small, tool, "cold")
            if a in times and b in times:
                print(f"| {tool} | {med(times, a) / med(times, b):.2f}x "
                      f"| {med(cpu, a) / med(cpu, b):.2f}x | {med(rss, a) / med(rss, b):.2f}x |")
    rebuilds = [s for s in sites if (s, "stegvis", "nochange") in times]
    if rebuilds:
        print()
        print(f"stegvis rebuilding with the build cache of the previous build (median of "
              f"{runs}; \"one article changed\": a sentence added to or taken from one article "
              f"before each build):")
        print()
        print("| site | cold | no change | % of cold | one article changed | % of cold |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for site in rebuilds:
            cold = med(times, (site, "stegvis", "cold"))
            same = med(times, (site, "stegvis", "nochange"))
            one = med(times, (site, "stegvis", "onechanged"))
            print(f"| {site} | {cold:.2f} s | {same:.3f} s | {100 * same / cold:.1f}% "
                  f"| {one:.3f} s | {100 * one / cold:.1f}% |")


if __name__ == "__main__":
    main()
