"""The language-independent plan of a synthetic site.

Every article's folder, file name, asset id, date, heading anchors and
procedures are fixed here first, from the seed alone, so that any article can
link to any anchor of any other one, and so that the two locales (and the peer
layouts) are written from one plan: same pages, same anchors, same images.
"""

import random
import uuid
from dataclasses import dataclass, field

from .words import EN, PHRASES, title

LOCALES = ["nl-NL", "sv-SE"]
TOPICS = ["how-to", "conceptual", "tutorial", "article", "overview", "quickstart", "reference"]
AUTHORS = [("annavdberg", "avdberg"), ("eriklund", "elund"), ("joostm", "jmeijer"),
           ("karinsv", "ksvensson"), ("pieterdj", "pdjong"), ("linneah", "lholm")]
ARTICLES_PER_SECTION = 50


@dataclass
class Section:
    index: int
    slug: str
    titles: dict  # locale -> title


@dataclass
class Procedure:
    anchor: str
    steps: int
    images: list  # step numbers (1-based) that carry an image


@dataclass
class Article:
    index: int
    section: Section
    slug: str
    assetid: str
    date: tuple  # (year, month, day)
    topic: str
    author: tuple
    titles: dict  # locale -> title
    # H2 sections in order: ("concept", anchor, paragraphs) | ("procedure", Procedure)
    # | ("table", anchor, rows)
    parts: list = field(default_factory=list)
    h1: str = ""
    machine_translated: bool = False

    @property
    def anchors(self):
        """Every heading anchor another article may link to."""
        out = []
        for part in self.parts:
            out.append(part[1].anchor if part[0] == "procedure" else part[1])
        return out

    @property
    def procedures(self):
        return [p[1] for p in self.parts if p[0] == "procedure"]

    def path(self):
        """Path inside a locale folder: `billing/post-invoice-ledger.md`."""
        return f"{self.section.slug}/{self.slug}.md"


def _unique(base, taken):
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name)
    return name


def make_plan(n_articles, seed):
    """The plan of a site with `n_articles` articles per locale."""
    n_sections = max(1, -(-n_articles // ARTICLES_PER_SECTION))
    sections = []
    taken_sections = set()
    for k in range(n_sections):
        base = EN["area"][k % len(EN["area"])]
        slug = _unique(base if k < len(EN["area"]) else f"{base}-{k // len(EN['area']) + 1}",
                       taken_sections)
        titles = {}
        for locale in LOCALES:
            titles[locale] = title(locale, random.Random(f"{seed}:section-shape:{k}"),
                                   random.Random(f"{seed}:{locale}:section:{k}"), n=2)
        sections.append(Section(k, slug, titles))

    articles = []
    slugs = {}
    for i in range(n_articles):
        s = random.Random(f"{seed}:plan:{i}")
        section = sections[i * n_sections // n_articles]
        taken = slugs.setdefault(section.slug, set())
        slug = _unique(f"{s.choice(EN['verb'])}-{s.choice(EN['noun'])}-{s.choice(EN['noun'])}",
                       taken)
        assetid = str(uuid.UUID(int=s.getrandbits(128), version=4))
        date = (s.randint(2019, 2025), s.randint(1, 12), s.randint(1, 28))
        titles = {}
        for locale in LOCALES:
            titles[locale] = title(locale, random.Random(f"{seed}:title-shape:{i}"),
                                   random.Random(f"{seed}:{locale}:title:{i}"))
        article = Article(i, section, slug, assetid, date, s.choice(TOPICS), s.choice(AUTHORS),
                          titles, machine_translated=s.random() < 0.1)
        anchors = set()
        article.h1 = _unique(slug, anchors)
        # Target words 600-1500: procedures and the table take about 250-450,
        # concept sections (about 45 words a paragraph) take the rest.
        target = s.randint(600, 1500)
        n_procedures = s.randint(1, 3)
        budget = target - 200  # intro, includes, see-also list
        parts = []
        for _ in range(n_procedures):
            steps = s.randint(3, 9)
            images = sorted(s.sample(range(1, steps + 1), k=s.randint(1, max(1, steps // 3))))
            anchor = _unique(f"{s.choice(EN['verb'])}-the-{s.choice(EN['noun'])}", anchors)
            parts.append(("procedure", Procedure(anchor, steps, images)))
            budget -= steps * 28 + 20
        if s.random() < 0.7:
            rows = s.randint(3, 6)
            parts.append(("table", _unique(f"{s.choice(EN['noun'])}-fields", anchors), rows))
            budget -= rows * 20 + 15
        paragraphs = max(2, round(budget / 45))
        n_concepts = max(1, min(4, paragraphs // 3))
        for c in range(n_concepts):
            share = paragraphs // n_concepts + (1 if c < paragraphs % n_concepts else 0)
            anchor = _unique(f"about-{s.choice(EN['noun'])}-{s.choice(EN['noun'])}", anchors)
            parts.insert(s.randint(0, len(parts)), ("concept", anchor, share))
        article.parts = parts
        articles.append(article)
    return sections, articles


def product(locale):
    return PHRASES[locale]["product"]
