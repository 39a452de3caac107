"""Word lists and sentence making for pseudo-Dutch and pseudo-Swedish text.

The text is not prose: it is real words of each language (inflected forms and
compounds included, since those are what stemming and search indexes meet),
strung together at random with the proportions of help-article text. Both
locales draw their *structure* (sentence lengths, where the bold UI labels go)
from the same random stream and only the *words* from their own, so an article
and its translation have the same shape and a similar length.
"""

NL = {
    "function": """de het een en of in op voor met van naar bij uit door als dan dat die deze
        dit u uw je niet ook alleen altijd meestal wanneer waar hoe om te zijn is wordt worden
        kan kunt moet moeten hebt heeft er zo nog al meer elke alle geen over onder tussen
        na tot zonder omdat zodat terwijl eerst daarna vervolgens hier daar welke wat""".split(),
    "noun": """factuur rekening klant leverancier artikel order betaling instelling rapport
        gebruiker beheerder bedrijf magazijn voorraad prijs korting valuta boeking grootboek
        journaal dimensie project taak resource document pagina veld tabel lijst kaart venster
        knop menu overzicht werkstroom goedkeuring machtiging rol account abonnement licentie
        omgeving database verbinding bestand map sjabloon analyse planning productie verkoop
        inkoop levering verzending ontvangst adres contactpersoon nummer reeks datum periode
        jaar maand bedrag saldo btw belasting regel kolom filter weergave melding fout
        waarschuwing status versie functie module integratie koppeling sleutel wachtwoord
        aanmelding beveiliging gegevens herstel export import locatie eenheid hoeveelheid
        kostprijs verkoopprijs betalingstermijn vervaldatum afdeling medewerker opdracht""".split(),
    "plural": """facturen rekeningen klanten leveranciers artikelen orders betalingen instellingen
        rapporten gebruikers beheerders bedrijven magazijnen prijzen kortingen boekingen
        dimensies projecten taken documenten pagina's velden tabellen lijsten kaarten knoppen
        rollen licenties bestanden mappen sjablonen regels kolommen meldingen fouten versies
        functies modules koppelingen sleutels locaties eenheden afdelingen medewerkers""".split(),
    "verb": """selecteert kiest opent maakt wijzigt gebruikt beheert berekent toont bevat
        verwerkt ondersteunt vereist bepaalt boekt verzendt controleert kopieert zoekt
        sorteert exporteert importeert bijwerkt toevoegt verwijdert instelt activeert""".split(),
    "infinitive": """selecteren kiezen openen invoeren maken wijzigen verwijderen controleren
        boeken verzenden bekijken instellen gebruiken beheren toevoegen bijwerken exporteren
        importeren berekenen toewijzen goedkeuren afdrukken opslaan annuleren vernieuwen""".split(),
    "adjective": """nieuwe bestaande standaard actieve beschikbare juiste volgende vorige
        automatische handmatige geboekte open gesloten geldige belangrijke extra lokale
        centrale eigen andere hele verschillende gewenste relevante huidige""".split(),
    "label": """Opslaan Nieuw Bewerken Verwijderen Boeken Vrijgeven Afdrukken Zoeken Instellingen
        Acties Navigeren Rapport Overzicht Goedkeuren Verzenden Annuleren Vernieuwen""".split(),
    "prefix": """factuur klant order betalings voorraad prijs boekings project gebruikers
        rapport magazijn bedrijfs verkoop inkoop leverings""".split(),
    "suffix": """regel nummer gegevens instelling overzicht kaart datum code groep lijst
        type status journaal bedrag""".split(),
}

SV = {
    "function": """den det en ett och eller i på för med av till vid från genom som när där
        hur att du din ditt dina inte också bara alltid oftast om är blir kan måste har så
        än fler varje alla ingen över under mellan efter utan eftersom medan först sedan
        därefter här där vilken vad""".split(),
    "noun": """faktura konto kund leverantör artikel order betalning inställning rapport
        användare administratör företag lager pris rabatt valuta bokföring huvudbok journal
        dimension projekt uppgift resurs dokument sida fält tabell lista kort fönster knapp
        meny översikt arbetsflöde godkännande behörighet roll prenumeration licens miljö
        databas anslutning fil mapp mall analys planering produktion försäljning inköp
        leverans försändelse mottagning adress kontaktperson nummer serie datum period år
        månad belopp saldo moms skatt rad kolumn filter vy avisering fel varning status
        version funktion modul integration koppling nyckel lösenord inloggning säkerhet data
        återställning export import plats enhet kvantitet kostnad försäljningspris
        betalningsvillkor förfallodatum avdelning medarbetare uppdrag""".split(),
    "plural": """fakturor konton kunder leverantörer artiklar ordrar betalningar inställningar
        rapporter användare företag lager priser rabatter bokföringar dimensioner projekt
        uppgifter dokument sidor fälten tabeller listor kort knappar roller licenser filer
        mappar mallar rader kolumner aviseringar fel versioner funktioner moduler kopplingar
        nycklar platser enheter avdelningar medarbetare""".split(),
    "verb": """väljer öppnar skapar ändrar använder hanterar beräknar visar innehåller
        bearbetar stöder kräver bestämmer bokför skickar kontrollerar kopierar söker sorterar
        exporterar importerar uppdaterar lägger tar aktiverar""".split(),
    "infinitive": """välja öppna ange skapa ändra ta bort kontrollera bokföra skicka visa
        konfigurera använda hantera lägga till uppdatera exportera importera beräkna tilldela
        godkänna skriva ut spara avbryta förnya""".split(),
    "adjective": """nya befintliga standard aktiva tillgängliga rätt nästa föregående
        automatiska manuella bokförda öppna stängda giltiga viktiga extra lokala centrala
        egna andra hela olika önskade relevanta aktuella""".split(),
    "label": """Spara Ny Redigera Ta bort Bokför Släpp Skriv ut Sök Inställningar Åtgärder
        Navigera Rapport Översikt Godkänn Skicka Avbryt Uppdatera""".split(),
    "prefix": """faktura kund order betalnings lager pris bokförings projekt användar
        rapport lager företags försäljnings inköps leverans""".split(),
    "suffix": """rad nummer data inställning översikt kort datum kod grupp lista typ status
        journal belopp""".split(),
}

WORDS = {"nl-NL": NL, "sv-SE": SV}

# Fixed phrases each locale needs (headings of the fixed parts, the product name
# pasted by the inline include, alert titles for the peers' plain Markdown).
PHRASES = {
    "nl-NL": {
        "product": "Contoso Werkplek",
        "prerequisites": "Vereisten",
        "see_also": "Zie ook",
        "next_steps": "Volgende stappen",
        "more_info": "voor meer informatie",
        "see": "Zie",
        "steps_intro": "Voer de volgende stappen uit:",
        "field": "Veld",
        "description": "Beschrijving",
        "value": "Standaardwaarde",
        "support": "Neem contact op met uw beheerder als u vragen hebt over",
        "alerts": {"NOTE": "Opmerking", "TIP": "Tip", "IMPORTANT": "Belangrijk",
                   "CAUTION": "Let op", "WARNING": "Waarschuwing"},
        "language": "Nederlands",
        "site": "Contoso Help",
    },
    "sv-SE": {
        "product": "Contoso Arbetsplats",
        "prerequisites": "Förutsättningar",
        "see_also": "Se även",
        "next_steps": "Nästa steg",
        "more_info": "för mer information",
        "see": "Se",
        "steps_intro": "Gör så här:",
        "field": "Fält",
        "description": "Beskrivning",
        "value": "Standardvärde",
        "support": "Kontakta din administratör om du har frågor om",
        "alerts": {"NOTE": "Obs!", "TIP": "Tips", "IMPORTANT": "Viktigt",
                   "CAUTION": "Var försiktig", "WARNING": "Varning"},
        "language": "Svenska",
        "site": "Contoso Hjälp",
    },
}

# English words for paths and anchors: real localized sets keep English file
# names and anchor ids in every locale.
EN = {
    "verb": """set-up configure create manage post review approve export import assign
        track close cancel change print reconcile calculate apply archive""".split(),
    "noun": """invoice payment customer vendor item order warehouse inventory price discount
        currency ledger journal dimension project task resource approval permission role
        account subscription license report number-series period budget shipment receipt
        location unit bank tax workflow""".split(),
    "area": """billing sales purchasing inventory warehouse finance projects service
        manufacturing admin security integration reporting setup banking assets jobs hr
        planning compliance""".split(),
}

# Kinds of words in a sentence and their weights, roughly those of help text.
KINDS = [("function", 44), ("noun", 20), ("compound", 8), ("plural", 8),
         ("verb", 9), ("infinitive", 5), ("adjective", 6)]
_TOTAL = sum(w for _, w in KINDS)


def pick_kind(structure):
    """A word kind, drawn from the shared structure stream."""
    n = structure.randrange(_TOTAL)
    for kind, weight in KINDS:
        if n < weight:
            return kind
        n -= weight
    return KINDS[-1][0]


def word(words, kind, rng):
    if kind == "compound":
        return rng.choice(words["prefix"]) + rng.choice(words["suffix"])
    return rng.choice(words[kind])


def sentence(locale, structure, rng, length=None, label=False):
    """One sentence of `length` words (drawn from `structure` when None).

    `structure` decides the length and the kind of each word, `rng` (the
    locale's own stream) decides the words, so translations match in shape.
    With `label`, a bold UI label stands in the sentence, as in real steps.
    """
    words = WORDS[locale]
    if length is None:
        length = structure.randint(7, 18)
    out = [word(words, pick_kind(structure), rng) for _ in range(length)]
    if label:
        at = structure.randrange(1, max(2, length))
        out.insert(at, "**" + rng.choice(words["label"]) + "**")
    if length > 10 and structure.random() < 0.3:
        at = structure.randrange(3, length - 3)
        out[at] += ","
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def title(locale, structure, rng, n=None):
    """A short heading-like phrase: verb + adjective + noun ... capitalised."""
    words = WORDS[locale]
    n = n or structure.randint(2, 5)
    parts = [rng.choice(words["infinitive"]), rng.choice(words["adjective"])]
    while len(parts) < n:
        parts.append(word(words, structure.choice(["noun", "compound", "plural"]), rng))
    structure.shuffle(parts)
    text = " ".join(parts)
    return text[0].upper() + text[1:]
