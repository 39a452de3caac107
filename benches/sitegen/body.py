"""The body of one article in one locale, written through a dialect.

The same function writes stegvis's DocFX-flavoured Markdown and the plain
Markdown the peers read: the dialect decides how a heading anchor, an image,
an alert, an include or a link is spelled, nothing else. Every decision about
shape comes from the article's structure stream, so all locales and all
dialects get the same headings, steps, images, alerts and links.
"""

import random

from .words import PHRASES, WORDS, sentence, title

ALERT_KINDS = ["NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING"]
CODE = ["Get-ContosoInvoice -Number {n}", "Set-ContosoItem -Id {n} -Blocked $false",
        "Export-ContosoLedger -Period {n} -Format csv"]


def image_name(anchor, step):
    return f"{anchor}-step-{step}.png"


class Writer:
    """Writes one article's body as a list of lines."""

    def __init__(self, article, locale, articles, dialect, seed):
        self.article = article
        self.locale = locale
        self.articles = articles
        self.d = dialect
        self.ph = PHRASES[locale]
        self.words = WORDS[locale]
        # Shape is shared by the locales, words are each locale's own.
        self.s = random.Random(f"{seed}:body:{article.index}")
        self.r = random.Random(f"{seed}:{locale}:body:{article.index}")
        self.lines = []
        self.images = []  # file names under media/<slug>/

    def sentence(self, **kw):
        return sentence(self.locale, self.s, self.r, **kw)

    def sentences(self, n):
        return " ".join(self.sentence() for _ in range(n))

    def emit(self, *lines):
        self.lines.extend(lines)

    def link(self):
        """A link to a heading (sometimes a step) of another article."""
        if len(self.articles) > 1:
            k = self.s.randrange(len(self.articles) - 1)
            target = self.articles[k if k < self.article.index else k + 1]
        else:
            target = self.article
        anchors = target.anchors
        choice = self.s.randrange(len(anchors) + 2)
        anchor = anchors[choice] if choice < len(anchors) else None
        if choice == len(anchors) + 1 and target.procedures:
            proc = target.procedures[0]
            anchor = f"{proc.anchor}-step-{self.s.randint(1, proc.steps)}"
        href = self.d.link(self.article, target, anchor, self.locale)
        return f"[{target.titles[self.locale]}]({href})"

    def paragraph(self):
        n = self.s.randint(2, 5)
        parts = [self.sentence() for _ in range(n)]
        if self.s.random() < 0.3:
            parts.append(f"{self.ph['see']} {self.link()} {self.ph['more_info']}.")
        self.emit(" ".join(parts), "")

    def alert(self, indent=""):
        kind = self.s.choice(ALERT_KINDS)
        text = self.sentence()
        if self.s.random() < 0.3:
            text = text[:-1] + f" {self.d.include_inline('product', self.locale)}."
        self.emit(*[indent + line for line in self.d.alert(kind, [text], self.locale)], "")

    def write(self):
        a, d = self.article, self.d
        if d.body_h1:
            self.emit(d.heading(1, a.h1, a.titles[self.locale]), "")
        intro = self.sentence()[:-1] + f" {d.include_inline('product', self.locale)}."
        self.emit(intro + " " + self.sentences(self.s.randint(1, 3)), "")
        if self.s.random() < 0.5:
            self.emit(*d.include_block("prerequisites", self.locale), "")
        for part in a.parts:
            getattr(self, part[0])(*part[1:])
        self.emit(d.heading(2, "see-also", self.ph["see_also"]), "")
        for _ in range(self.s.randint(2, 4)):
            self.emit(f"- {self.link()}")
        self.emit("")
        if self.s.random() < 0.3:
            self.emit(*d.include_block("support", self.locale), "")
        return self.lines

    def concept(self, anchor, paragraphs):
        self.emit(self.d.heading(2, anchor, title(self.locale, self.s, self.r)), "")
        for p in range(paragraphs):
            self.paragraph()
            if self.s.random() < 0.2:
                self.alert()
            if p == 0 and self.s.random() < 0.2:
                name = f"{anchor}-overview.png"
                self.images.append(name)
                alt = self.sentence()[:-1]
                self.emit(self.d.image(self.article, self.locale, name, alt), "")
            if self.s.random() < 0.08:
                code = self.s.choice(CODE).format(n=self.s.randint(1000, 9999))
                self.emit("```powershell", code, "```", "")

    def procedure(self, proc):
        self.emit(self.d.heading(2, proc.anchor, title(self.locale, self.s, self.r)), "")
        self.emit(self.ph["steps_intro"], "")
        numbered = self.s.random() < 0.5  # else `1.` for every step, as many authors do
        for k in range(1, proc.steps + 1):
            marker = f"{k if numbered else 1}."
            text = self.sentence(label=True)
            if k in proc.images:
                name = image_name(proc.anchor, k)
                self.images.append(name)
                alt = self.sentence()[:-1]
                self.emit(f"{marker} {text}  ", "    " + self.d.image(self.article, self.locale, name, alt))
            elif self.s.random() < 0.3:
                self.emit(f"{marker} {text}")
                for _ in range(self.s.randint(2, 4)):
                    self.emit(f"    - {self.sentence(length=self.s.randint(4, 9))}")
            else:
                self.emit(f"{marker} {text}")
            if self.s.random() < 0.12:
                self.emit("")
                self.alert(indent="    ")
            elif self.s.random() < 0.15:
                self.emit("", "    " + self.sentence(), "")
        self.emit("")

    def table(self, anchor, rows):
        self.emit(self.d.heading(2, anchor, title(self.locale, self.s, self.r)), "")
        self.emit(self.sentence(), "")
        ph = self.ph
        self.emit(f"| {ph['field']} | {ph['description']} | {ph['value']} |", "|---|---|---|")
        for _ in range(rows):
            label = self.r.choice(self.words["label"])
            cell = self.sentence()
            if self.s.random() < 0.15:
                cell = cell[:-1] + f" {self.d.include_inline('product', self.locale)}."
            self.emit(f"| **{label}** | {cell} | {self.r.choice(self.words['adjective'])} |")
        self.emit("")


def include_texts(locale, seed):
    """The include snippets' shape, for the stegvis files and for the peers,
    which get the text pasted in place."""
    s = random.Random(f"{seed}:includes")
    r = random.Random(f"{seed}:{locale}:includes")
    return {
        "prerequisites": ("IMPORTANT", sentence(locale, s, r)),
        "support": PHRASES[locale]["support"],
    }
