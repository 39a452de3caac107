# Teksten van de gebruikersinterface van stegvis: Nederlands (Nederland).
# Een site vervangt dit bestand door locales/nl-NL/stegvis.ftl, of overschrijft
# losse berichten vanuit een ander .ftl-bestand in die map.

language-name = Nederlands
site-title = Help
skip-to-content = Naar de inhoud
home = Start
nav-label = Navigatie
nav-toggle = Inhoud
breadcrumb-label = Kruimelpad
toc-title = In dit artikel
language-label = Taal
choose-language = Kies uw taal
last-updated = Laatst bijgewerkt op { $date }
# Shown on a page that stands in for an untranslated article; $language is the
# name of the language the article is shown in.
untranslated = Dit artikel is nog niet vertaald; het staat hier in de oorspronkelijke taal ({ $language }).
machine-translated = Dit artikel is automatisch vertaald. Het kan fouten bevatten.
alert-note = Opmerking
alert-tip = Tip
alert-important = Belangrijk
alert-caution = Voorzichtig
alert-warning = Waarschuwing
step-label = Stap { $position } van { $total }
procedure-steps =
    { $count ->
        [one] { $count } stap
       *[other] { $count } stappen
    }
section-articles =
    { $count ->
        [one] { $count } artikel
       *[other] { $count } artikelen
    }
section-sections = Onderdelen
applies-to = Van toepassing op: { $range }
video-link = Bekijk de video
image-full-size = Afbeelding op volledige grootte openen
image-description = Beschrijving van de afbeelding
not-found-title = Pagina niet gevonden
not-found-text = De pagina die u zoekt, bestaat niet of is verplaatst.
not-found-home = Naar de startpagina
# Procedures: what a reader works through a step list with. The checkbox of a
# step, and the button copying the link to it.
step-done = Gedaan
step-copy-link = Link kopiëren
# Said by screen readers once the link is on the clipboard.
step-link-copied = Link gekopieerd
# Unticks every step of a procedure; the second message is said when it did.
steps-clear = Vinkjes wissen
steps-cleared = Vinkjes gewist
# The close button of the dialog that shows an image large.
lightbox-close = Sluiten
# The search field in the header of every page, and its button.
search-label = Zoeken in deze site
search-button = Zoeken
# The search page.
search-title = Zoeken
search-no-script = Zoeken werkt alleen met JavaScript, en dat staat uit of ontbreekt in deze browser. Via de navigatie vindt u elk artikel.
search-prompt = Typ een woord om de artikelen in deze taal te doorzoeken.
search-loading = Bezig met zoeken…
search-no-results = Niets gevonden. Probeer een ander of korter woord.
search-failed = Zoeken is nu niet beschikbaar. Via de navigatie vindt u elk artikel.
search-more = Meer resultaten
# $count is filled in by the browser, so write the message without plural
# variants.
search-results = Resultaten: { $count }
