#!/usr/bin/env python3
"""Times `stegvis serve`: from saving an article to its rebuilt page being
served, over a series of edits, and the memory the server holds.

    python3 benches/serve_latency.py                      # 5,000 articles per locale
    python3 benches/serve_latency.py --articles 1000 --edits 50
    python3 benches/serve_latency.py --site /path/to/site # an existing site

Each edit rewrites one sentence of an article (a different article each
time, in both locales in turn) with a unique marker, then asks for the page
every millisecond until the marker is in it. `--title-edits` also changes
titles, which re-assembles the site (navigation shows titles). Reports the
median, 90th percentile and worst latency, and the server's resident memory
(VmRSS now, VmHWM peak) from /proc. Python 3 standard library only.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    path = os.path.join(target, "release", "stegvis")
    if not os.path.exists(path):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return path


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) // 1024
    return fields


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8", "replace")


def articles_of(site):
    """(locale, path inside the locale, page URL path) of articles with a sentence to edit."""
    found = []
    content = os.path.join(site, "content")
    for locale in sorted(os.listdir(content)):
        root = os.path.join(content, locale)
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in ("includes", "media"))
            for name in sorted(files):
                if name.endswith(".md") and name.lower() != "toc.md" and name != "index.md":
                    rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
                    found.append((locale, rel, f"{locale}/{rel[:-3]}/"))
    return found


def edit(site, locale, rel, marker, title):
    path = os.path.join(site, "content", locale, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if title:
        new = re.sub(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.M)
    else:
        # The first paragraph line after the front matter's end and the h1.
        body_at = text.index("\n---", 3) + 4
        lines = text[body_at:].split("\n")
        for i, line in enumerate(lines):
            if line and line[0].isalpha():
                lines[i] = f"{marker} {line}"
                break
        new = text[:body_at] + "\n".join(lines)
    # Written the way editors save: a new file renamed over the old one.
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(new)
    os.replace(tmp, path)


def series(site, url, pages, count, title, start):
    latencies = []
    for n in range(count):
        locale, rel, page = pages[(start + n * 7919) % len(pages)]
        marker = f"Xedit{start + n}x"
        began = time.perf_counter()
        edit(site, locale, rel, marker, title)
        while marker not in fetch(url + page):
            if time.perf_counter() - began > 30:
                sys.exit(f"{page}: the edit never showed")
            time.sleep(0.001)
        latencies.append((time.perf_counter() - began) * 1000)
    return latencies


def summary(name, latencies):
    ordered = sorted(latencies)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    return (f"{name}: {len(latencies)} edits, median {statistics.median(ordered):.1f} ms, "
            f"p90 {p90:.1f} ms, worst {ordered[-1]:.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles per locale to generate")
    parser.add_argument("--site", help="an existing site to copy instead of generating one")
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--title-edits", type=int, default=10)
    parser.add_argument("--settle", type=float, default=5, help="seconds to wait before the last memory reading")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="stegvis-serve-bench-")
    site = os.path.join(work, "site")
    try:
        if args.site:
            shutil.copytree(args.site, site, symlinks=True)
        else:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_site.py"),
                            "--articles", str(args.articles), "--out", site], check=True)
        server = subprocess.Popen([binary(), "serve", "--port", "0", "--quiet", "--color", "never"],
                                  cwd=site, stderr=subprocess.PIPE, text=True)
        url = None
        started = time.perf_counter()
        for line in server.stderr:
            match = re.search(r"at (http://\S+)", line)
            if match:
                url = match.group(1)
                break
        if not url:
            sys.exit("serve did not start")
        loaded = time.perf_counter() - started
        pages = articles_of(site)
        print(f"site: {len(pages)} articles; serve read it in {loaded:.1f} s; {memory(server.pid)}")
        fetch(url + pages[0][2])
        body = series(site, url, pages, args.edits, False, 0)
        print(summary("text edits", body))
        if args.title_edits:
            print(summary("title edits (site re-assembled)",
                          series(site, url, pages, args.title_edits, True, args.edits)))
        print(f"memory after the edits: VmRSS {memory(server.pid)['VmRSS']} MB, "
              f"peak VmHWM {memory(server.pid)['VmHWM']} MB")
        # What the server holds once the writer pauses: the memory of the
        # generations before the last one, given back.
        time.sleep(args.settle)
        print(f"memory {args.settle:g} s later: VmRSS {memory(server.pid)['VmRSS']} MB")
        server.terminate()
        server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
