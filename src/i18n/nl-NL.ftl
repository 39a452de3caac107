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
