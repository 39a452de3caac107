#!/usr/bin/env python3
"""Writes a deterministic synthetic localized help site for benchmarks.

    python3 benches/gen_site.py --articles 1000 --out /tmp/site          # stegvis
    python3 benches/gen_site.py --articles 1000 --out /tmp/hugo --layout hugo

N articles per locale (nl-NL and sv-SE, translations of each other sharing
ms.assetid), 600-1500 words each, with 1-3 procedures of 3-9 steps, images,
nested lists, tables, alerts, includes, cross-links with anchors and a TOC.md.
`--layout hugo|zola|mdbook` writes the same text and pages for a peer.
Python 3 standard library only; the same arguments give the same bytes.
"""

import argparse
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from sitegen import MARKER, generate  # noqa: E402
from sitegen.layouts import LAYOUTS  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="articles per locale")
    parser.add_argument("--out", required=True, help="folder to write (must not exist)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="stegvis")
    parser.add_argument("--force", action="store_true",
                        help="replace --out if this script made it")
    args = parser.parse_args()
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if os.path.exists(args.out):
        # Only ever delete a folder this script wrote.
        if not (args.force and os.path.isfile(os.path.join(args.out, MARKER))):
            parser.error(f"{args.out} exists (use --force to replace a generated site)")
        shutil.rmtree(args.out)
    started = time.monotonic()
    pages, images, words = generate(args.articles, args.out, args.seed, args.layout)
    print(f"gen_site: {pages} articles, {images} images, {words} words "
          f"({args.layout}) in {args.out} in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
