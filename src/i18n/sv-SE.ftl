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
# Procedures: what a reader works through a step list with. The checkbox of a
# step, and the button copying the link to it.
step-done = Klart
step-copy-link = Kopiera länk
# Said by screen readers once the link is on the clipboard.
step-link-copied = Länken har kopierats
# Unticks every step of a procedure; the second message is said when it did.
steps-clear = Rensa bockar
steps-cleared = Bockarna har rensats
# The close button of the dialog that shows an image large.
lightbox-close = Stäng
# The search field in the header of every page, and its button.
search-label = Sök på webbplatsen
search-button = Sök
# The search page.
search-title = Sök
search-no-script = Sökningen kräver JavaScript, som är avstängt eller saknas i den här webbläsaren. Via navigeringen hittar du alla artiklar.
search-prompt = Skriv ett ord för att söka bland artiklarna på det här språket.
search-loading = Söker…
search-no-results = Inget hittades. Försök med ett annat eller kortare ord.
search-failed = Sökningen är inte tillgänglig just nu. Via navigeringen hittar du alla artiklar.
search-more = Fler träffar
# $count is filled in by the browser, so write the message without plural
# variants.
search-results = Träffar: { $count }
