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
