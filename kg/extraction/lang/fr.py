"""French words for the amount reader of ``kg.extraction.lang``: "plus de 40 camions-citernes",
"environ 2 millions de litres", "une dizaine de soldats", "1,5 milliard de francs CFA", "40 000
tonnes", "95 %". Dates are read by ``kg.extraction.dates`` (dateparser reads French); the fields
the old pattern extractor used are kept with French words for completeness."""

from __future__ import annotations

from kg.extraction.lang import Language

MONTHS = {m: i + 1 for i, m in enumerate(
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
     "novembre", "décembre"])}
MONTHS.update({"fevrier": 2, "aout": 8, "decembre": 12, "janv": 1, "févr": 2, "sept": 9, "oct": 10, "nov": 11,
               "déc": 12})

NUMBER_WORDS = {w: float(i) for i, w in enumerate(
    ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
     "treize", "quatorze", "quinze", "seize"])}
NUMBER_WORDS.update({"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
                     "cent": 100, "cents": 100, "mille": 1000, "une": 1,
                     # collective numbers: "une dizaine de camions", "une centaine de soldats"
                     "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
                     "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
                     "millier": 1000})

LANGUAGE = Language(
    code="fr",
    spacy_lang="fr",
    negations={"ne", "n'", "pas", "jamais", "aucun", "aucune", "ni", "nullement", "sans"},
    cues={"pourrait": "possible", "pourraient": "possible", "peut-être": "possible", "possible": "possible",
          "éventuellement": "possible", "probablement": "likely", "vraisemblablement": "likely",
          "sans doute": "likely", "improbable": "unlikely", "peu probable": "unlikely", "impossible": "negated"},
    clause_cues={"il est possible que": "possible", "il est probable que": "likely",
                 "il est peu probable que": "unlikely", "il n'est pas exclu que": "possible"},
    speech_verbs={"dire", "déclarer", "affirmer", "annoncer", "indiquer", "assurer", "expliquer", "estimer",
                  "confirmer", "préciser", "ajouter", "avertir", "prévenir"},
    according_to=["selon", "d'après"],
    prepositions={"de", "du", "des", "à", "au", "aux", "en", "dans", "sur", "par", "pour", "avec", "contre",
                  "vers", "depuis", "entre", "près", "sous", "chez", "parmi", "selon", "après", "avant"},
    clause_breaks={";", "mais", "tandis", "alors", "bien", "cependant", "pourtant", "—", "–", "car"},
    coordinators={",", "et", "ou", "ainsi que"},
    pronouns={"il", "elle", "ils", "elles", "son", "sa", "ses", "leur", "leurs", "le groupe", "l'organisation",
              "le mouvement", "la ville", "le pays", "les jihadistes", "les djihadistes"},
    follow_suit=["emboîter le pas"],
    including={"dont", "notamment", "parmi"},
    months=MONTHS,
    date_qualifiers={"début": "early", "mi": "mid", "fin": "late", "depuis": "since", "jusqu'au": "until",
                     "avant": "before", "après": "after"},
    relative_dates={"l'an dernier": ("year", -1), "cette année": ("year", 0), "le mois dernier": ("month", -1),
                    "ce mois": ("month", 0), "la semaine dernière": ("week", -1), "cette semaine": ("week", 0),
                    "hier": ("day", -1), "aujourd'hui": ("day", 0)},
    number_words=NUMBER_WORDS,
    scales={"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "md": 1e9,
            "mds": 1e9, "k": 1e3, "dizaine": 10, "dizaines": 10, "centaine": 100, "centaines": 100,
            "millier": 1e3, "milliers": 1e3},
    currency_symbols={"$": "USD", "€": "EUR", "£": "GBP", "usd": "USD", "eur": "EUR", "fcfa": "XOF"},
    currency_words={"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "livre sterling": "GBP",
                    "livres sterling": "GBP", "franc cfa": "XOF", "francs cfa": "XOF", "fcfa": "XOF",
                    "f cfa": "XOF", "cfa": "XOF"},
    approximations={"environ": "about", "quelque": "about", "près de": "almost", "presque": "almost",
                    "quasiment": "almost", "plus de": "more than", "au moins": "at least", "moins de": "less than",
                    "jusqu'à": "up to", "jusqu' à": "up to", "jusqu'à plus de": "more than",
                    "exactement": "exactly", "au total": "exactly"},
    percent_words={"%", "pour cent", "pourcent", "pour-cent"},
    unit_stop={"de", "d'", "du", "des", "à", "au", "aux", "en", "dans", "sur", "par", "pour", "avec", "sans",
               "et", "ou", "le", "la", "les", "l'", "un", "une", "qui", "que", "qu'", "ont", "a", "est", "sont",
               "été", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "depuis", "entre", "vers",
               "contre", "près", "selon", "dont", "ne", "n'", "se", "s'", "y"},
    name_connectors={"de", "du", "des", "la", "le", "l'", "et", "al", "el", "-", "ag", "ould", "ben", "bin"},
    not_names={"le", "la", "les", "l'", "un", "une", "des", "au", "aux", "en", "dans", "selon", "depuis",
               "ce", "cette", "ces", "il", "elle", "ils", "elles", "mais", "et", "ou", "lundi", "mardi",
               "mercredi", "jeudi", "vendredi", "samedi", "dimanche"} | set(MONTHS),
    titles={"général": ("Person", "government"), "colonel": ("Person", "government"),
            "président": ("Person", "government"), "ministre": ("Person", "government"),
            "capitaine": ("Person", "state-forces"), "lieutenant": ("Person", "state-forces"),
            "m.": ("Person", "person"), "mme": ("Person", "person"), "imam": ("Person", "person"),
            "chérif": ("Person", "person"), "cheikh": ("Person", "person")},
    head_cues={"groupe": ("Organization", "rebel-group"), "front": ("Organization", "rebel-group"),
               "mouvement": ("Organization", "rebel-group"), "armée": ("Organization", "state-forces"),
               "forces": ("Organization", "state-forces"), "ministère": ("Government", "government"),
               "conseil": ("Government", "government"), "gouvernement": ("Government", "government"),
               "union": ("Organization", "international-organisation"),
               "alliance": ("Organization", "international-organisation"),
               "mission": ("Organization", "international-organisation"),
               "compagnie": ("Organization", "company"), "société": ("Organization", "company"),
               "région": ("Region", "place"), "ville": ("City", "place")},
    word_cues={"islam": ("Organization", "jihadist-group"), "islamique": ("Organization", "jihadist-group"),
               "jihad": ("Organization", "jihadist-group"), "qaïda": ("Organization", "jihadist-group"),
               "musulmans": ("Organization", "jihadist-group"), "libération": ("Organization", "rebel-group"),
               "azawad": ("Organization", "rebel-group")},
    place_prepositions={"à", "au", "aux", "en", "dans", "près", "vers", "depuis", "de"},
    demonyms={},            # the extractor's demonyms are in kg.extraction.lexicon.fr
    apposition_words=["également appelé", "aussi appelé", "dit"],
    decimal_comma=True,
    unit_links={"de", "d'"},
    unit_words=1,
    not_numbers={"un", "une"},
)
