//! The one catalogue of diagnostic codes: each code's name, default severity,
//! title, long explanation (`stegvis explain SV0003`) and an example that triggers
//! it. The README table is checked against this list by a test.

use super::Severity;

macro_rules! catalogue {
    ($($variant:ident = $code:literal, $name:literal, $severity:ident, $title:literal, $example:literal, $explanation:literal;)*) => {
        /// A diagnostic code. The discriminant order is the catalogue order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn info(self) -> &'static CodeInfo {
                match self {
                    $(Code::$variant => &CodeInfo {
                        code: $code,
                        name: $name,
                        severity: Severity::$severity,
                        title: $title,
                        example: $example,
                        explanation: $explanation,
                    },)*
                }
            }
        }
    };
}

/// What the catalogue knows about one code.
#[derive(Debug)]
pub struct CodeInfo {
    /// `SV0003`.
    pub code: &'static str,
    /// `front-matter-yaml`: the name `stegvis.toml` may use instead of the code.
    pub name: &'static str,
    pub severity: Severity,
    /// One line, used as the title of GitHub annotations and SARIF rules.
    pub title: &'static str,
    /// A short input that triggers the code.
    pub example: &'static str,
    /// The long explanation printed by `stegvis explain`.
    pub explanation: &'static str,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    /// Looks a code up by its code (`SV0003`, any case) or its name (`front-matter-yaml`).
    pub fn lookup(key: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.info().code.eq_ignore_ascii_case(key) || c.info().name == key)
    }
}

catalogue! {
    FrontMatterMissing = "SV0001", "front-matter-missing", Error,
        "article has no front matter",
        "# Title\n\nText without a `---` block above it.",
        "An article starts with a YAML front matter block between two `---` lines. It \
         carries the title, description and date that the page, search and translation \
         tracking need. Without it the page is built with the first heading as its title \
         and no description or date.\n\nAdd a block such as:\n\n---\ntitle: Upgrade your account\n\
         description: How to upgrade.\nms.date: 03/11/2021\n---";
    FrontMatterUnclosed = "SV0002", "front-matter-unclosed", Error,
        "front matter block is not closed",
        "---\ntitle: Upgrade\n\n# Upgrade",
        "The front matter starts with a `---` line but no second `---` line closes it, so \
         the whole file would be YAML. stegvis treats the file as having no front matter \
         and renders the text after the first line. Add the closing `---` line after the \
         last key.";
    FrontMatterYaml = "SV0003", "front-matter-yaml", Error,
        "front matter is not valid YAML",
        "---\ntitle: Upgrade: your account\n---",
        "The front matter could not be read as YAML. The position points at the place \
         where the YAML parser gave up, mapped to the line of the file. Common causes in \
         translated files are an unquoted value that contains `: `, merge-conflict markers \
         (`<<<<<<<`) and keys run together on one line. Quote values that contain a colon \
         followed by a space: `title: 'Upgrade: your account'`. The page is still built, \
         with the fields that could not be read left empty.";
    FrontMatterType = "SV0004", "front-matter-type", Error,
        "front matter value has the wrong type",
        "---\ntitle:\n  - one\n  - two\n---",
        "A known front matter key holds a value of the wrong kind, for example a list \
         where a single text is expected. The value is ignored for that key (it is still \
         kept with the article's other keys). Write a single text value.";
    TitleMissing = "SV0005", "title-missing", Error,
        "title is missing or empty",
        "---\ndescription: How to upgrade.\nms.date: 03/11/2021\n---",
        "Every article needs a `title`: it is the page's `<title>`, its name in search \
         results, navigation and the language switcher. Without one, stegvis uses the \
         first `#` heading or the file name. Add `title:` to the front matter.";
    DescriptionMissing = "SV0006", "description-missing", Error,
        "description is missing or empty",
        "---\ntitle: Upgrade\nms.date: 03/11/2021\n---",
        "Every article needs a `description`: it becomes the meta description that \
         search engines show, and the summary in section listings and search results. \
         Add one sentence that says what the article helps the reader do.";
    DateInvalid = "SV0007", "date-invalid", Error,
        "ms.date is missing or not a real date",
        "ms.date: 02/30/2021",
        "`ms.date` is the date of the article's last real review, written the US way: \
         `MM/DD/YYYY` (one-digit month and day allowed). It is required, and must be a \
         date that exists. The page shows it as \"last updated\" in the locale's own \
         form, and translation status uses it to tell stale translations. A day and \
         month written the other way round (`31/12/2021`) is the usual mistake.";
    DateInFuture = "SV0008", "date-in-future", Warning,
        "ms.date is in the future",
        "ms.date: 01/01/2999",
        "`ms.date` says when the article was last reviewed, so it cannot be later than \
         today. A future date makes every translation of the article look stale. Use \
         the date of the review.";
    ContentLocaleMismatch = "SV0009", "content-locale-mismatch", Error,
        "ms.contentlocale does not match the locale folder",
        "ms.contentlocale: sv-SE   (in content/nl-NL/…)",
        "`ms.contentlocale` names the locale of the file's text, and must be the name of \
         the locale folder the file is in. A mismatch usually means a file was copied \
         into the wrong folder, or a translation was never made. The fix sets the value \
         to the folder's locale.";
    AssetIdInvalid = "SV0010", "asset-id-invalid", Error,
        "ms.assetid is not a UUID",
        "ms.assetid: upgrade-article",
        "`ms.assetid` ties the translations of one article together, and must be a UUID \
         such as `3051d6b0-179f-4e3a-bda4-3fee7135eac5`, the same in every locale. \
         Without a valid one, translations are paired by path only.";
    AssetIdDuplicate = "SV0011", "asset-id-duplicate", Error,
        "the same ms.assetid twice in one locale",
        "content/nl-NL/a.md and content/nl-NL/b.md both with ms.assetid: 3051d6b0-…",
        "Two articles of one locale share an `ms.assetid`, so stegvis cannot tell which \
         one is the translation of the other locales' article; the language switcher \
         picks the first. Usually an article was copied as a starting point for another \
         and kept its id: give the copy a new UUID.";
    TopicUnknown = "SV0012", "topic-unknown", Warning,
        "ms.topic is not a known kind of article",
        "ms.topic: conceptual-article",
        "`ms.topic` says what kind of article this is. Known values: conceptual, \
         article, how-to, tutorial, quickstart, overview, reference, troubleshooting, \
         get-started, landing-page, faq, include, sample, whats-new, release-notes, \
         concept-article, how-to-guide, best-practice, glossary, language-reference, \
         error-reference, hub-page, install-set-up-deploy, limits-and-quotas, \
         product-comparison, contributor-guide. A misspelt value is usually a typo or a \
         translated word.";
    TranslationTypeInvalid = "SV0013", "translation-type-invalid", Warning,
        "ms.translationtype is not MT or HT",
        "ms.translationtype: machine",
        "`ms.translationtype` is `MT` for a machine translation (the page then shows a \
         notice to the reader) or `HT` for a human translation. Any other value is \
         treated as a human translation.";
    FrontMatterKeyTranslated = "SV0014", "front-matter-key-translated", Warning,
        "front matter key was translated",
        "ms.onderwerp: conceptual   (for ms.topic)",
        "A front matter key was translated along with the text (`ms.onderwerp`, \
         `författare`), so stegvis, and every other tool, no longer knows it: the \
         value is kept but not used. The fix is the original key, taken from the \
         source article when there is one, else from a list of known translations.";
    LinkBroken = "SV0020", "link-broken", Warning,
        "link to a page or file that does not exist",
        "[Upgrade](../billing/upgrade.md) where the file does not exist",
        "A relative link points at an article or a file that is not in the site. The \
         path is relative to the file that holds the link (an include file's links are \
         relative to the include file). The link is kept, and leads readers to a page \
         that does not exist.";
    AnchorMissing = "SV0021", "anchor-missing", Warning,
        "link to an anchor that does not exist",
        "[Steps](#upgrade-stepz) where no heading has that id",
        "The part after `#` must be the id of a heading (its `<a name>` or its slug), of a \
         free anchor (`<a id=\"x\"></a>`), of a step or of a tab on the target page. \
         Translations often lose or rename anchors the source has. When an id differs \
         only in case, the fix gives the right spelling.";
    LinkTextEmpty = "SV0022", "link-text-empty", Warning,
        "link has no text",
        "See [](upgrade.md).",
        "A link without text is invisible on the page and meaningless to screen readers. \
         stegvis shows the target article's title instead, but other tools will not. The \
         fix writes that title into the link.";
    LinkUnsafe = "SV0023", "link-unsafe", Error,
        "link with an unsafe URL scheme",
        "[Click](javascript:alert(1))",
        "`javascript:`, `vbscript:`, `data:` and `file:` URLs are never made into links: \
         they can run code in the reader's browser or point at the reader's own disk. The \
         text is shown without a link.";
    LinkOtherLocale = "SV0024", "link-other-locale", Warning,
        "link into another locale's tree",
        "[Upgrade](../../sv-SE/billing/upgrade.md) in a Dutch article",
        "A relative link leaves the article's locale folder for another locale's. \
         Readers of this locale land on a page in another language. Link to the article \
         of this locale instead; the language switcher takes readers between locales.";
    LinkCase = "SV0025", "link-case", Warning,
        "link path in the wrong case",
        "[Upgrade](Billing/Upgrade.md) for billing/upgrade.md",
        "The link's path matches an article only when upper and lower case are ignored. \
         stegvis links to it, but case-sensitive hosts and tools will not find it. The \
         fix writes the path as the file is named.";
    ImageMissing = "SV0030", "image-missing", Warning,
        "image file does not exist",
        ":::image type=\"content\" source=\"./media/absent.png\" alt-text=\"…\":::",
        "An image's `source` (or `lightbox`, or the path of a Markdown image) names a file \
         that is not in the site. The path is relative to the file that holds the image. \
         The page shows a broken image.";
    ImageAltMissing = "SV0031", "image-alt-missing", Warning,
        "image has no alt text",
        "![](./media/button.png)",
        "Alt text is what screen readers say and what shows when the image does not \
         load. Describe what the image shows in a few words (`alt-text=\"…\"` for \
         `:::image`, the text in `![…]` for Markdown images).";
    ImageAltDebris = "SV0032", "image-alt-debris", Info,
        "alt text looks like machine-translation debris",
        "alt-text=\"ALTScreenshot of the button\"",
        "The alt text holds leftovers of the markup that a translation tool mangled, \
         such as `ALT` glued to the first word or directive attributes inside the text. \
         Only clear cases are reported; read the alt text and rewrite it.";
    StepNumbering = "SV0040", "step-numbering", Warning,
        "step number differs from the generated numbering",
        "1. Open.\n2. Select.\n3. Confirm.\n3. Close.",
        "stegvis numbers steps itself, so readers see 1, 2, 3, 4 whatever the source \
         says. A list numbered with the same number for every step (`1.` `1.` `1.`) is \
         fine; a list that counts but skips or repeats a number usually means a step was \
         added or removed in a hurry, and other tools will show the wrong numbers. The \
         fix renumbers the item (`stegvis check --fix` applies it).";
    SingleStep = "SV0041", "single-step", Info,
        "procedure of a single step",
        "## Sign in\n\n1. Open the portal.",
        "A procedure with one step is shown as a step list of one (\"Step 1 of 1\"). If \
         it is not really a procedure, write it as a sentence.";
    StepOnlyImage = "SV0042", "step-only-image", Warning,
        "step holds only an image",
        "1. :::image type=\"content\" source=\"x.png\" alt-text=\"…\":::",
        "A step must tell the reader what to do; a screenshot alone does not. Usually the \
         instruction was lost in translation or merged into the previous step. Write \
         the instruction above the image.";
    IncludeMissing = "SV0050", "include-missing", Error,
        "included file does not exist",
        "[!INCLUDE [product](includes/product-name.md)]",
        "An `[!INCLUDE [label](path)]` directive names a file that does not exist inside \
         the site folder. The path is relative to the file that contains the directive. \
         Nothing is pasted in its place, so the page misses that text. Fix the path, or \
         add the include file.";
    IncludeCycle = "SV0051", "include-cycle", Error,
        "include chain includes itself",
        "<!-- includes/a.md --> [!INCLUDE [b](b.md)]\n<!-- includes/b.md --> [!INCLUDE [a](a.md)]",
        "A file includes itself, directly or through other include files. The chain is \
         shown in the message. The repeated include is left out; break the cycle by \
         removing one of the directives.";
    IncludeTooDeep = "SV0052", "include-too-deep", Error,
        "includes are nested too deeply",
        "a.md includes b.md, which includes c.md, … eleven levels deep",
        "Includes may nest at most 10 levels deep. Deeper includes are left out, which \
         protects the build from runaway chains. Flatten the include files.";
    IncludeMalformed = "SV0053", "include-malformed", Warning,
        "include directive is malformed",
        "[!INCLUDE product-name.md]",
        "The text starts like an include directive but does not have the form \
         `[!INCLUDE [label](path)]`, so it is shown as text. Write the label in square \
         brackets followed by the path in parentheses.";
    AlertUnknown = "SV0054", "alert-unknown", Warning,
        "unknown alert kind",
        "> [!OPMERKING]\n> Translated keyword.",
        "A block quote starts with `[!WORD]`, but WORD is not an alert kind. It is \
         shown as a note. Alert kinds are NOTE, TIP, IMPORTANT, CAUTION and WARNING (any \
         case); translation tools sometimes translate the keyword, which breaks it.";
    ImageDirectiveMalformed = "SV0055", "image-directive-malformed", Error,
        "`:::image` directive is malformed",
        ":::image type=\"content\" alt-text=\"The button\":::",
        "An `:::image …:::` directive is not closed with `:::`, or has no `source` \
         attribute. Without a source there is no image to show, so the directive is left \
         out of the page. The form is `:::image type=\"content\" source=\"./media/x.png\" \
         alt-text=\"What the image shows\":::`.";
    ImageDirectiveAttribute = "SV0056", "image-directive-attribute", Warning,
        "`:::image` has an unknown attribute or type",
        ":::image type=\"content\" source=\"x.png\" alt-txt=\"Typo\":::",
        "The directive has an attribute stegvis does not know (known: `type`, `source`, \
         `alt-text`, `lightbox`, `border`, `loc-scope`, `link`), or a `type` other than \
         `content`, `icon` or `complex`. The attribute is ignored; an unknown type is \
         treated as `content`. A misspelt attribute usually means the alt text or \
         lightbox got lost.";
    IncludeKeywordTranslated = "SV0057", "include-keyword-translated", Warning,
        "include keyword was translated",
        "[!INKLUDERA [product](includes/product.md)]",
        "The `INCLUDE` keyword of an include directive was translated along with the \
         text. stegvis recognises the directive by its shape and pastes the file all the \
         same, but other tools will not. The fix restores `INCLUDE`; a translated keyword \
         left in front of a real include is removed.";
    DirectiveUnknown = "SV0058", "directive-unknown", Warning,
        "unknown or unsupported `:::` directive",
        ":::code language=\"csharp\" source=\"samples/x.cs\":::",
        "A line starts with `:::` but names a directive stegvis does not support. The \
         line is left out of the page (it would otherwise show as source text). \
         Supported block directives are `moniker`, `row`, `column`, `zone` and `image`.";
    DirectiveUnclosed = "SV0059", "directive-unclosed", Error,
        "block directive is not closed",
        "::: moniker range=\"contoso-gov\"\nText\n(no ::: moniker-end)",
        "A block directive (`::: moniker`, `:::row:::`, `:::column:::`, `::: zone`) is \
         opened but its end marker never comes. The block is closed at the end of the \
         enclosing block or file. Add the end marker (`::: moniker-end`, `:::row-end:::`, \
         `:::column-end:::`, `::: zone-end`).";
    DirectiveUnmatchedEnd = "SV0060", "directive-unmatched-end", Error,
        "end marker without a matching start",
        "Text\n::: moniker-end",
        "An end marker such as `::: moniker-end` or `:::column-end:::` has no open block \
         of that kind to close. The marker is left out of the page. Remove it, or add the \
         missing start marker.";
    MonikerUndeclared = "SV0061", "moniker-undeclared", Warning,
        "moniker range not declared in stegvis.toml",
        "::: moniker range=\"contoso-gvo\"",
        "When `stegvis.toml` lists the site's monikers (`monikers = [\"contoso-gov\", …]`), \
         every `::: moniker range=\"…\"` must use one of them (ranges may combine names \
         with `||`, `&&`, `>=` and the like). An undeclared name is usually a typo, and \
         the block would never match the product it was meant for.";
    NestingTooDeep = "SV0062", "nesting-too-deep", Warning,
        "lists and block quotes nest too deeply",
        "> > > > … sixty-five levels of block quotes",
        "Lists and block quotes may nest 64 levels deep. Deeper levels are flattened \
         into the level above them: the text is kept, the structure is not. No reader \
         follows structure that deep; it usually comes from a conversion gone wrong.";
    DirectiveNested = "SV0063", "directive-nested", Warning,
        "block directive inside a list or block quote",
        "1. Step one\n   ::: moniker range=\"contoso-gov\"\n   Only for the government cloud.\n   ::: moniker-end",
        "Block directives (`::: moniker`, `::: zone`, `:::row:::`, `:::column:::`) are read \
         at the top of an article, in tabs and in other directives, not inside list \
         items or block quotes. There the directive's line is left out, and what it \
         encloses is shown to every reader. Move the block out of the list or quote, or \
         repeat the list inside the moniker block.";
    InvalidUtf8 = "SV0070", "invalid-utf8", Error,
        "file is not valid UTF-8",
        "a file saved as Windows-1252 with the byte 0xEB for ë",
        "The file contains bytes that are not UTF-8. The position is that of the first \
         bad byte. Each bad sequence is shown as U+FFFD (�) on the page. Save the file as \
         UTF-8.";
    ByteOrderMark = "SV0071", "byte-order-mark", Warning,
        "file starts with a byte-order mark",
        "a file whose first bytes are EF BB BF, then ---",
        "The file starts with a UTF-8 byte-order mark. stegvis ignores it, but other \
         tools may not find the front matter behind it. Save the file without a BOM.";
    Mojibake = "SV0072", "mojibake", Warning,
        "text was decoded with the wrong encoding (mojibake)",
        "verifiÃ«ren for verifiëren",
        "UTF-8 text was read as Windows-1252 or Latin-1 somewhere along the translation \
         chain, so each accented letter became two or three odd characters (`Ã«` for \
         `ë`, `â€™` for `’`). The fix is the repaired text; `stegvis check --fix` applies \
         it.";
    HeadingIdDuplicate = "SV0073", "heading-id-duplicate", Warning,
        "two headings on a page have the same id",
        "## <a name=\"steps\"></a>Install\n## <a name=\"steps\"></a>Configure",
        "Two headings carry the same `<a name>` id, so a link to `#id` always lands on the \
         first. Give each heading its own id.";
    MergeConflict = "SV0074", "merge-conflict", Error,
        "merge-conflict markers in the file",
        "<<<<<<< updated upstream\nms.date: 06/12/2024\n=======\nms.date: 05/20/2024\n>>>>>>> stashed changes",
        "The file holds the markers a version-control merge leaves when it cannot \
         decide (`<<<<<<<`, `=======`, `>>>>>>>`), so two versions of the text are mixed \
         and usually the front matter no longer reads. Resolve the conflict: keep one \
         version and delete the markers.";
    HtmlUnsafe = "SV0075", "html-unsafe", Warning,
        "raw HTML that the sanitizer removes",
        "<a href=\"https://example.org\" onclick=\"track()\">Prijzen</a>",
        "Raw HTML in an article is published through a sanitizer (ammonia) that keeps \
         what help articles use: links (`href`, `target`, `name`), line breaks, images, \
         tables, `<sup>`, `<sub>`, `<kbd>`, `<code>`, `<details>`, `<div>` and `<span>` \
         with `class`, `id`, `lang`, `dir`, `title`. It removes scripts and styles with \
         their content, other elements such as `<iframe>`, `<object>` or `<form>` \
         (their text stays), event handlers (`onclick`), `style` attributes (but \
         table alignment), and URLs with other schemes than http, https, mailto and \
         tel (`data:` only for images). The message names what goes. Write it in \
         Markdown instead, or, for a site whose HTML is trusted, set \
         `trusted_html = true` in `stegvis.toml` to publish raw HTML as written.";
    FluentSyntax = "SV0080", "fluent-syntax", Error,
        "Fluent file has a syntax error",
        "step-label = Stap { $position van { $total }",
        "A `.ftl` file in `locales/<tag>/` could not be parsed. The messages around the \
         error are skipped and fall back to the next locale in the chain. The position \
         points at the error.";
    FluentMissing = "SV0081", "fluent-missing", Warning,
        "UI message missing in every locale of the chain",
        "templates use `print-button`, which no .ftl file defines",
        "A user-interface message is used but neither the page's locale nor any \
         locale it falls back on (its language, the default locale, en-US) has it. \
         The message id is shown on the page instead. This happens when a site replaces \
         the built-in `stegvis.ftl` with a file that leaves messages out; add them.";
    FluentUntranslated = "SV0082", "fluent-untranslated", Warning,
        "UI message of the default locale missing in a locale",
        "locales/sv-SE/stegvis.ftl without `step-label`",
        "A message that the default locale's Fluent files define is missing in this \
         locale's files, so the page shows the text of a fallback locale instead. Add the \
         message to the locale's `.ftl` file.";
    FluentUnused = "SV0083", "fluent-unused", Warning,
        "UI message that nothing uses",
        "locales/nl-NL/site.ftl: `print-buton = Afdrukken`",
        "A site's Fluent file defines a message that neither stegvis nor its templates \
         use. It is usually misspelt, or left over from an older version. Remove it, or \
         fix its id.";
    ConfigInvalid = "SV0090", "config-invalid", Error,
        "stegvis.toml is not valid",
        "base_url = 42",
        "`stegvis.toml` could not be read: it is not valid TOML, has an unknown key, or a \
         value of the wrong type. stegvis stops with exit status 2, because building \
         with a half-read configuration would publish the wrong site.";
    LocaleFolderInvalid = "SV0091", "locale-folder-invalid", Error,
        "folder name is not a locale tag",
        "content/images/logo.png (images is not a BCP 47 tag)",
        "Every folder directly inside `content/` and `locales/` names a locale with a \
         BCP 47 tag such as `nl-NL` or `sv-SE`. This folder's name is not a valid tag, so \
         its files are not built. Rename the folder, or move it inside a locale folder.";
    TemplateError = "SV0092", "template-error", Error,
        "template could not be compiled or rendered",
        "{{ page.titel }} in templates/article.html",
        "A Tera template failed to compile or to render, for example because it uses a \
         variable the page does not have. A site template that does not compile is \
         replaced by the built-in one; a page that cannot be rendered is not written and \
         the build fails.";
    TocInvalid = "SV0093", "toc-invalid", Error,
        "table of contents could not be read",
        "- name: Start\n  href: start.md\n   items: oops",
        "A `toc.yml` is not valid YAML, or has entries without a `name`. The navigation \
         of that folder falls back to the folder structure.";
    ReadFailed = "SV0094", "read-failed", Error,
        "file could not be read",
        "a file without read permission",
        "A file of the site could not be read (permissions, a broken symbolic link, or \
         a file removed while building). It is left out of the build.";
    TocLinkMissing = "SV0095", "toc-link-missing", Warning,
        "table of contents links to a missing article",
        "## [Upgrade](billing/upgrade.md) where the file does not exist",
        "An entry of `TOC.md` or `toc.yml` links to a Markdown file that is not an \
         article of this locale. The entry is shown without a link. Fix the path or \
         remove the entry.";
    UrlDuplicate = "SV0096", "url-duplicate", Error,
        "two articles would have the same page",
        "content/nl-NL/billing.md and content/nl-NL/billing/index.md",
        "Each article becomes the page of its path without `.md` (`billing/upgrade.md` is \
         `billing/upgrade/`), and a folder's `index.md` is the page of the folder, so \
         `billing.md` and `billing/index.md` would both be `billing/`. The second is \
         published under another name (`billing-2/`) so nothing is lost, but links to it \
         do not find it. Rename one of the files.";
    ParityAnchors = "SV0100", "parity-anchors", Warning,
        "translation lacks heading anchors of its source",
        "## Stappen   (the source has ## <a name=\"steps\"></a>Steps)",
        "A translation must keep the `<a name>` ids of its source's headings: links from \
         other pages and other locales, and the ids of steps, use them. The message names \
         the ids that the translation lacks or has on top.";
    ParityProcedures = "SV0101", "parity-procedures", Warning,
        "translation has other procedures or steps than its source",
        "the source has 3 procedures of 4, 2 and 6 steps; the translation 3 of 4, 2 and 5",
        "A translation should have the same procedures, with the same number of steps, as \
         its source. A missing step usually means two steps were merged or one was lost \
         in translation, and the step ids no longer line up between the locales.";
    ParityAlerts = "SV0102", "parity-alerts", Warning,
        "translation has other alerts than its source",
        "the source has NOTE, WARNING; the translation NOTE",
        "A translation should keep the alerts of its source, of the same kinds, in the \
         same order. A lost WARNING is a lost warning to the reader.";
    ParityImages = "SV0103", "parity-images", Warning,
        "translation has another number of images than its source",
        "the source has 5 images, the translation 4",
        "A translation should show the same images as its source (in its own locale's \
         media folder, or the source's). A missing image usually means a `:::image` \
         directive was damaged in translation.";
    ParityIncludes = "SV0104", "parity-includes", Warning,
        "translation includes other files than its source",
        "the source includes product.md and footer.md; the translation product.md",
        "A translation should paste the same include files as its source. A lost include \
         is usually a directive whose keyword was translated or whose path was damaged.";
    ParityTabs = "SV0105", "parity-tabs", Warning,
        "translation has other tabs than its source",
        "the source has tabs windows, linux; the translation windows",
        "A translation should keep the tab groups of its source with the same tab ids, \
         so links to `#tab/…` work in every locale.";
    ParityLinks = "SV0106", "parity-links", Info,
        "translation has another number of links than its source",
        "the source has 12 links, the translation 9",
        "Translations sometimes lose links (the link syntax was damaged, or the linked \
         text was rewritten). This is only a hint: a translator may have good reasons.";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for code in Code::ALL {
            let info = code.info();
            assert!(codes.insert(info.code), "duplicate {}", info.code);
            assert!(names.insert(info.name), "duplicate {}", info.name);
            assert_eq!(info.code.len(), 6);
            assert!(info.code.starts_with("SV"));
            assert!(info.code[2..].chars().all(|c| c.is_ascii_digit()));
            assert!(!info.title.is_empty() && !info.explanation.is_empty());
        }
    }

    #[test]
    fn codes_are_in_ascending_order() {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(Code::lookup("sv0003"), Some(Code::FrontMatterYaml));
        assert_eq!(
            Code::lookup("front-matter-yaml"),
            Some(Code::FrontMatterYaml)
        );
        assert_eq!(Code::lookup("SV9999"), None);
    }
}
