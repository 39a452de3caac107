"""Where each layout puts the files, and how it spells the DocFX extensions.

`stegvis` writes the source format itself (FORMAT.md). The peers get the same
text and pages in plain Markdown: heading ids as `{#id}`, images as `![alt](…)`,
alerts as block quotes with a bold title, includes pasted in place, and links
already resolved to URLs (the cheapest form for them, so the comparison errs
in their favour). Their templates show what a stegvis page shows that a peer
can show cheaply: title, description, hreflang alternates, language switcher,
breadcrumb, table of contents, date. No search index, feed or taxonomy.
"""

from .body import include_texts
from .plan import LOCALES, product
from .words import PHRASES

SHORT = {"nl-NL": "nl", "sv-SE": "sv"}


def ymd(date):
    return f"{date[0]:04}-{date[1]:02}-{date[2]:02}"


def yaml_text(value):
    """A double-quoted YAML (and TOML) string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Stegvis:
    name = "stegvis"
    body_h1 = True

    def __init__(self, seed):
        self.seed = seed

    # --- spelling -------------------------------------------------------
    def heading(self, level, anchor, text):
        return f"{'#' * level} <a name=\"{anchor}\"></a>{text}"

    def image(self, article, locale, name, alt):
        src = f"./media/{article.slug}/{name}"
        return f':::image type="content" source="{src}" alt-text="{alt}" lightbox="{src}":::'

    def alert(self, kind, lines, locale):
        return [f"> [!{kind}]"] + [f"> {line}" for line in lines]

    def include_inline(self, name, locale):
        return f"[!INCLUDE [{name}](../includes/{name}.md)]"

    def include_block(self, name, locale):
        return [f"[!INCLUDE [{name}](../includes/{name}.md)]"]

    def link(self, article, target, anchor, locale):
        if target is article:
            href = ""
        elif target.section is article.section:
            href = f"{target.slug}.md"
        else:
            href = f"../{target.section.slug}/{target.slug}.md"
        return href + (f"#{anchor}" if anchor else "")

    # --- placement ------------------------------------------------------
    def article_file(self, article, locale):
        return f"content/{locale}/{article.path()}"

    def media_dir(self, article, locale):
        return f"content/{locale}/{article.section.slug}/media/{article.slug}"

    def front_matter(self, article, locale, description):
        y, m, d = article.date
        author, alias = article.author
        lines = [
            "---",
            f"title: {article.titles[locale]}",
            f"description: {description}",
            f"author: {author}",
            f"ms.author: {alias}",
            "manager: contosomgr",
            f"ms.service: contoso-{article.section.slug}",
            f"ms.topic: {article.topic}",
            f"ms.date: {m:02}/{d:02}/{y:04}",
            f"ms.assetid: {article.assetid}",
            f"ms.contentlocale: {locale}",
        ]
        if locale != LOCALES[0]:
            lines.append(f"ms.translationtype: {'MT' if article.machine_translated else 'HT'}")
        lines += ["keywords:", f"  - {article.section.slug}", f"  - {article.slug}", "---"]
        return lines

    def site_files(self, sections, articles):
        """Everything but the articles and their images."""
        files = {"stegvis.toml": 'default_locale = "nl-NL"\ntitle = "Contoso"\n'}
        for locale in LOCALES:
            inc = include_texts(locale, self.seed)
            kind, text = inc["prerequisites"]
            front = "---\nms.topic: include\ndescription: {}\n---\n"
            files[f"content/{locale}/includes/product.md"] = (
                front.format("Product name, used inline.") + product(locale) + "\n")
            files[f"content/{locale}/includes/prerequisites.md"] = (
                front.format("Shared prerequisites note.") + f"> [!{kind}]\n> {text}\n")
            files[f"content/{locale}/includes/support.md"] = (
                front.format("Support sentence.")
                + f"{inc['support']} [!INCLUDE [product](product.md)].\n")
            # One table of contents of every article, grouped by folder.
            toc = []
            by_section = {}
            for a in articles:
                by_section.setdefault(a.section.index, []).append(a)
            for section in sections:
                toc.append(f"# {section.titles[locale]}")
                for a in by_section.get(section.index, []):
                    toc.append(f"## [{a.titles[locale]}]({a.path()})")
            files[f"content/{locale}/TOC.md"] = "\n".join(toc) + "\n"
        return files


class Plain(Stegvis):
    """What the peers have in common: plain Markdown."""

    body_h1 = False

    def heading(self, level, anchor, text):
        return f"{'#' * level} {text} {{#{anchor}}}"

    def image(self, article, locale, name, alt):
        return f"![{alt}](/{locale}/{article.section.slug}/media/{article.slug}/{name})"

    def alert(self, kind, lines, locale):
        return [f"> **{PHRASES[locale]['alerts'][kind]}**", ">"] + [f"> {line}" for line in lines]

    def include_inline(self, name, locale):
        return product(locale)

    def include_block(self, name, locale):
        inc = include_texts(locale, self.seed)
        if name == "prerequisites":
            kind, text = inc["prerequisites"]
            return self.alert(kind, [text], locale)
        return [f"{inc['support']} {product(locale)}."]

    def url(self, article, locale):
        raise NotImplementedError

    def link(self, article, target, anchor, locale):
        href = "" if target is article else self.url(target, locale)
        return href + (f"#{anchor}" if anchor else "")

    def media_dir(self, article, locale):
        return f"static/{locale}/{article.section.slug}/media/{article.slug}"


HUGO_BASEOF = """<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav class="languages">{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a> {{ end }}</nav>
<nav class="breadcrumb">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p class="date">{{ .Date | time.Format ":date_long" }}</p>
<aside class="toc">{{ .TableOfContents }}</aside>
{{ .Content }}
</article>{{ end }}
"""

HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
"""


class Hugo(Plain):
    name = "hugo"

    def url(self, article, locale):
        return f"/{SHORT[locale]}/{article.section.slug}/{article.slug}/"

    def article_file(self, article, locale):
        return f"content/{SHORT[locale]}/{article.path()}"

    def front_matter(self, article, locale, description):
        return ["---", f"title: {yaml_text(article.titles[locale])}",
                f"description: {yaml_text(description)}", f"date: {ymd(article.date)}",
                f"translationKey: {article.assetid}", f"topic: {article.topic}", "---"]

    def site_files(self, sections, articles):
        config = ['baseURL = "http://localhost/"', 'title = "Contoso"',
                  'defaultContentLanguage = "nl"', "defaultContentLanguageInSubdir = true",
                  'disableKinds = ["taxonomy", "term", "RSS"]',
                  "[markup.goldmark.renderer]", "unsafe = true",
                  "[markup.tableOfContents]", "startLevel = 2", "endLevel = 3"]
        for weight, locale in enumerate(LOCALES, 1):
            short = SHORT[locale]
            config += [f"[languages.{short}]", f'contentDir = "content/{short}"',
                       f'languageCode = "{locale}"',
                       f'languageName = "{PHRASES[locale]["language"]}"',
                       f'title = "{PHRASES[locale]["site"]}"', f"weight = {weight}"]
        files = {"config.toml": "\n".join(config) + "\n",
                 "layouts/_default/baseof.html": HUGO_BASEOF,
                 "layouts/_default/single.html": HUGO_SINGLE,
                 "layouts/_default/list.html": HUGO_LIST,
                 "static/style.css": "body { font-family: system-ui, sans-serif; }\n"}
        for locale in LOCALES:
            short = SHORT[locale]
            files[f"content/{short}/_index.md"] = (
                f"---\ntitle: {yaml_text(PHRASES[locale]['site'])}\n---\n")
            for section in sections:
                files[f"content/{short}/{section.slug}/_index.md"] = (
                    f"---\ntitle: {yaml_text(section.titles[locale])}\n---\n")
        return files


ZOLA_BASE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %} | {{ config.title }}</title>
{% block head %}{% endblock %}
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><a href="{{ get_url(path='/', lang=lang) }}">{{ config.title }}</a>
{% block nav %}{% endblock %}</header>
<main>{% block main %}{% endblock %}</main>
</body>
</html>
"""

ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block head %}<meta name="description" content="{{ page.description }}">
{% for t in page.translations %}<link rel="alternate" hreflang="{{ t.lang }}" href="{{ t.permalink }}">
{% endfor %}{% endblock %}
{% block nav %}<nav class="languages">{% for t in page.translations %}{% if t.lang != lang %}<a href="{{ t.permalink }}" hreflang="{{ t.lang }}">{{ t.lang }}</a> {% endif %}{% endfor %}</nav>
<nav class="breadcrumb">{% for a in page.ancestors %}{% set s = get_section(path=a, metadata_only=true) %}<a href="{{ s.permalink }}">{{ s.title }}</a> / {% endfor %}</nav>{% endblock %}
{% block main %}<article>
<h1>{{ page.title }}</h1>
{% if lang == "nl" %}{% set locale = "nl_NL" %}{% else %}{% set locale = "sv_SE" %}{% endif %}<p class="date">{{ page.date | date(format="%e %B %Y", locale=locale) }}</p>
<aside class="toc"><ul>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a></li>{% endfor %}</ul></aside>
{{ page.content | safe }}
</article>{% endblock %}
"""

ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock %}
{% block main %}<h1>{{ section.title }}</h1>
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>
{% endfor %}{% for s in section.subsections %}<li><a href="{{ get_url(path=s, lang=lang) }}">{{ s }}</a></li>
{% endfor %}</ul>{% endblock %}
"""


class Zola(Plain):
    name = "zola"

    def url(self, article, locale):
        prefix = "" if locale == LOCALES[0] else f"/{SHORT[locale]}"
        return f"{prefix}/{article.section.slug}/{article.slug}/"

    def article_file(self, article, locale):
        lang = "" if locale == LOCALES[0] else f".{SHORT[locale]}"
        return f"content/{article.section.slug}/{article.slug}{lang}.md"

    def front_matter(self, article, locale, description):
        return ["+++", f"title = {yaml_text(article.titles[locale])}",
                f"description = {yaml_text(description)}", f"date = {ymd(article.date)}",
                "[extra]", f'assetid = "{article.assetid}"', f'topic = "{article.topic}"', "+++"]

    def site_files(self, sections, articles):
        config = ['base_url = "http://localhost"', f'title = "{PHRASES[LOCALES[0]]["site"]}"',
                  'default_language = "nl"', "compile_sass = false",
                  "build_search_index = false", "generate_sitemap = true",
                  "[languages.sv]", f'title = "{PHRASES["sv-SE"]["site"]}"']
        files = {"config.toml": "\n".join(config) + "\n",
                 "templates/base.html": ZOLA_BASE, "templates/page.html": ZOLA_PAGE,
                 "templates/section.html": ZOLA_SECTION, "templates/index.html": ZOLA_SECTION,
                 "static/style.css": "body { font-family: system-ui, sans-serif; }\n"}
        for locale in LOCALES:
            lang = "" if locale == LOCALES[0] else f".{SHORT[locale]}"
            files[f"content/_index{lang}.md"] = (
                f"+++\ntitle = {yaml_text(PHRASES[locale]['site'])}\n+++\n")
            for section in sections:
                files[f"content/{section.slug}/_index{lang}.md"] = (
                    f"+++\ntitle = {yaml_text(section.titles[locale])}\n+++\n")
        return files


class Mdbook(Plain):
    """One book per locale; links stay relative `.md` links (mdBook rewrites them)."""

    name = "mdbook"
    body_h1 = True

    def link(self, article, target, anchor, locale):
        return Stegvis.link(self, article, target, anchor, locale)

    def image(self, article, locale, name, alt):
        return f"![{alt}](media/{article.slug}/{name})"

    def article_file(self, article, locale):
        return f"{locale}/src/{article.path()}"

    def media_dir(self, article, locale):
        return f"{locale}/src/{article.section.slug}/media/{article.slug}"

    def front_matter(self, article, locale, description):
        return []

    def site_files(self, sections, articles):
        files = {}
        by_section = {}
        for a in articles:
            by_section.setdefault(a.section.index, []).append(a)
        for locale in LOCALES:
            files[f"{locale}/book.toml"] = "\n".join([
                "[book]", f'title = "{PHRASES[locale]["site"]}"', f'language = "{SHORT[locale]}"',
                "[build]", "create-missing = false",
                "[output.html]", "[output.html.search]", "enable = false",
                "[output.html.print]", "enable = false"]) + "\n"
            summary = ["# Summary", ""]
            for section in sections:
                summary.append(f"- [{section.titles[locale]}]({section.slug}/README.md)")
                readme = [f"# {section.titles[locale]}", ""]
                for a in by_section.get(section.index, []):
                    summary.append(f"  - [{a.titles[locale]}]({a.path()})")
                    readme.append(f"- [{a.titles[locale]}]({a.slug}.md)")
                files[f"{locale}/src/{section.slug}/README.md"] = "\n".join(readme) + "\n"
            files[f"{locale}/src/SUMMARY.md"] = "\n".join(summary) + "\n"
        return files


LAYOUTS = {cls.name: cls for cls in [Stegvis, Hugo, Zola, Mdbook]}
