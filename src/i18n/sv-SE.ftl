# Användargränssnittets texter i stegvis: svenska (Sverige).
# En webbplats ersätter filen med locales/sv-SE/stegvis.ftl, eller skriver över
# enskilda meddelanden från en annan .ftl-fil i den mappen.

language-name = Svenska
site-title = Hjälp
skip-to-content = Gå till innehållet
home = Start
nav-label = Navigering
nav-toggle = Innehåll
breadcrumb-label = Sökväg
toc-title = I den här artikeln
language-label = Språk
choose-language = Välj språk
last-updated = Senast uppdaterad { $date }
# Shown on a page that stands in for an untranslated article; $language is the
# name of the language the article is shown in.
untranslated = Den här artikeln är inte översatt än; den visas på originalspråket ({ $language }).
machine-translated = Den här artikeln har maskinöversatts. Den kan innehålla fel.
alert-note = Obs!
alert-tip = Tips
alert-important = Viktigt
alert-caution = Var försiktig
alert-warning = Varning
step-label = Steg { $position } av { $total }
procedure-steps =
    { $count ->
        [one] { $count } steg
       *[other] { $count } steg
    }
section-articles =
    { $count ->
        [one] { $count } artikel
       *[other] { $count } artiklar
    }
section-sections = Avsnitt
applies-to = Gäller för: { $range }
video-link = Titta på videon
image-full-size = Öppna bilden i full storlek
image-description = Beskrivning av bilden
not-found-title = Sidan hittades inte
not-found-text = Sidan du letar efter finns inte eller har flyttats.
not-found-home = Gå till startsidan
