#!/usr/bin/env python3
"""Fills fuzz/corpus/<target>/ with seeds from the project's own inputs: the
test fixtures, the example site, the Fluent files, and a sample of
../shared/seeds and ../shared/corpus when they are there. The seeds are made,
not committed: run this once before `cargo fuzz run`.

    python3 fuzz/seed.py [--sample N]    (N corpus articles, default 150)
"""
import argparse
import hashlib
import os
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"
FRONT = re.compile(rb"\A(?:\xef\xbb\xbf)?---\r?\n.*?^(?:---|\.\.\.)\s*$\r?\n?", re.S | re.M)


def md_files(folder):
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if p.is_file() and not p.is_symlink())


def put(target, data):
    folder = FUZZ / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=150)
    args = parser.parse_args()
    shared = ROOT.parent / "shared"
    files = md_files(ROOT / "tests" / "fixtures") + md_files(ROOT / "content")
    files += md_files(shared / "seeds")
    corpus = md_files(shared / "corpus")
    if corpus and args.sample:
        step = max(1, len(corpus) // args.sample)
        files += corpus[::step][: args.sample]
    counts = dict.fromkeys(["front_matter", "markdown", "fluent", "article"], 0)
    for path in files:
        data = path.read_bytes()
        if len(data) > 200_000:
            continue
        put("front_matter", data)
        put("markdown", FRONT.sub(b"", data, count=1))
        counts["front_matter"] += 1
        counts["markdown"] += 1
        if "includes" in path.parts or path.name.lower() == "toc.md":
            continue
        # An article with an include of its folder, its translation and the TOC.
        parts = [data, b"", b"", b"", b""]
        includes = md_files(path.parent / "includes")
        if includes:
            parts[1] = includes[0].read_bytes()
        rel = path.parts
        for i, part in enumerate(rel):
            if part in ("nl-NL", "sv-SE"):
                other = "sv-SE" if part == "nl-NL" else "nl-NL"
                twin = pathlib.Path(*rel[:i], other, *rel[i + 1 :])
                if twin.is_file():
                    parts[2] = twin.read_bytes()
                break
        toc = path.parent / "TOC.md"
        if toc.is_file():
            parts[3] = toc.read_bytes()
        put("article", b"\0".join(parts).rstrip(b"\0"))
        counts["article"] += 1
    ftl = sorted(ROOT.glob("src/i18n/*.ftl")) + sorted(ROOT.glob("locales/*/*.ftl"))
    ftl += sorted((ROOT / "tests" / "fixtures").rglob("*.ftl"))
    for path in ftl:
        put("fluent", path.read_bytes())
        put("fluent", b"\0" + path.read_bytes())
        counts["fluent"] += 2
    for target, n in counts.items():
        print(f"{target}: {n} seeds in fuzz/corpus/{target}")


if __name__ == "__main__":
    main()
