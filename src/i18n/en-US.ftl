# User-interface strings of stegvis: English (United States).
# A site replaces this file with locales/en-US/stegvis.ftl, or overrides single
# messages from any other .ftl file in that folder.

# The name of the language, in the language itself.
language-name = English
site-title = Help
skip-to-content = Skip to content
home = Home
nav-label = Navigation
nav-toggle = Contents
breadcrumb-label = Breadcrumb
toc-title = In this article
language-label = Language
choose-language = Choose your language
# $date is the date written the way the locale writes dates.
last-updated = Last updated on { $date }
# Shown on a page that stands in for an untranslated article; $language is the
# name of the language the article is shown in.
untranslated = This article has not been translated yet; it is shown in its original language ({ $language }).
machine-translated = This article was translated by a machine. It may contain mistakes.
alert-note = Note
alert-tip = Tip
alert-important = Important
alert-caution = Caution
alert-warning = Warning
# The visible label of each step of a procedure.
step-label = Step { $position } of { $total }
procedure-steps =
    { $count ->
        [one] { $count } step
       *[other] { $count } steps
    }
section-articles =
    { $count ->
        [one] { $count } article
       *[other] { $count } articles
    }
section-sections = Sections
applies-to = Applies to: { $range }
video-link = Watch the video
image-full-size = Open the image in full size
image-description = Description of the image
not-found-title = Page not found
not-found-text = The page you are looking for does not exist, or it has moved.
not-found-home = Go to the start page
# Procedures: what a reader works through a step list with. The checkbox of a
# step, and the button copying the link to it.
step-done = Done
step-copy-link = Copy link
# Said by screen readers once the link is on the clipboard.
step-link-copied = Link copied
# Unticks every step of a procedure; the second message is said when it did.
steps-clear = Clear ticks
steps-cleared = Ticks cleared
# The close button of the dialog that shows an image large.
lightbox-close = Close
# The search field in the header of every page, and its button.
search-label = Search this site
search-button = Search
# The search page.
search-title = Search
search-no-script = Search needs JavaScript, which is off or missing in this browser. The navigation leads to every article.
search-prompt = Type a word to search the articles in this language.
search-loading = Searching…
search-no-results = Nothing found. Try another word, or a shorter one.
search-failed = Search is not available right now. The navigation leads to every article.
search-more = More results
# $count is filled in by the browser, so write the message without plural
# variants.
search-results = Results: { $count }
