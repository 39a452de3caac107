"""Deterministic synthetic localized help sites for stegvis's benchmarks.

`generate(n, out, seed, layout)` writes n articles per locale (nl-NL, sv-SE)
from the plan (`plan.py`), in the stegvis source format or in a peer's layout
(`layouts.py`). The same arguments always give the same bytes.
"""

import os
import random
import re
import struct
import zlib

from .body import Writer
from .layouts import LAYOUTS, Stegvis
from .plan import LOCALES, make_plan
from .words import sentence

MARKER = ".gen_site"


def png(seed_text, width=16, height=10):
    """A tiny valid PNG of one colour (real sets ship one screenshot per step;
    the size does not matter here, the number of files does)."""
    rng = random.Random(seed_text)
    pixel = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\x00" + pixel * width for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def prose_words(lines):
    """Words a reader sees: markup, link targets and directives left out."""
    text = "\n".join(lines)
    text = re.sub(r":::image[^\n]*:::", "", text)
    text = re.sub(r"\[!INCLUDE \[[^\]]*\]\([^)]*\)\]", "X", text)
    text = re.sub(r'<a name="[^"]*"></a>|\]\([^)]*\)', "", text)
    return len(re.findall(r"\w+", text))


def calibrate(article, articles, seed, low=650, high=1450):
    """Adds or removes concept paragraphs until the Dutch body (and so the
    Swedish one, which has the same shape) is 600-1500 words long."""
    dialect = Stegvis(seed)
    for _ in range(40):
        words = prose_words(Writer(article, "nl-NL", articles, dialect, seed).write())
        concepts = [k for k, p in enumerate(article.parts) if p[0] == "concept"]
        if words < low:
            k = min(concepts, key=lambda k: article.parts[k][2])
        elif words > high and any(article.parts[k][2] > 1 for k in concepts):
            k = max(concepts, key=lambda k: article.parts[k][2])
        else:
            return words
        kind, anchor, paragraphs = article.parts[k]
        article.parts[k] = (kind, anchor, paragraphs + (1 if words < low else -1))
    return words


def write_file(root, rel, data):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"})) as f:
        f.write(data)


def generate(n, out, seed=1, layout="stegvis"):
    """Writes the site; returns (articles written, images written, words written)."""
    dialect = LAYOUTS[layout](seed)
    sections, articles = make_plan(n, seed)
    for article in articles:
        calibrate(article, articles, seed)
    for rel, text in dialect.site_files(sections, articles).items():
        write_file(out, rel, text)
    pages = images = words = 0
    for article in articles:
        for locale in LOCALES:
            description = sentence(locale, random.Random(f"{seed}:desc-shape:{article.index}"),
                                   random.Random(f"{seed}:{locale}:desc:{article.index}"))
            writer = Writer(article, locale, articles, dialect, seed)
            body = writer.write()
            words += prose_words(body)
            text = "\n".join(dialect.front_matter(article, locale, description) + body)
            write_file(out, dialect.article_file(article, locale), text.rstrip("\n") + "\n")
            media = dialect.media_dir(article, locale)
            for name in writer.images:
                write_file(out, f"{media}/{name}", png(f"{seed}:{locale}:{article.slug}:{name}"))
            pages += 1
            images += len(writer.images)
    write_file(out, MARKER, f"articles={n} seed={seed} layout={layout}\n")
    return pages, images, words
