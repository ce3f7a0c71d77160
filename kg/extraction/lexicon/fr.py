"""French lexicon of the syntactic extractor (see ``kg.extraction.lexicon``)."""

from kg.extraction.lexicon import Lexicon

VERBS = {
    "attaquer": "attacks", "frapper": "attacks", "viser": "targets", "cibler": "targets", "bombarder": "attacks",
    "incendier": "attacks", "détruire": "attacks", "décimer": "attacks", "piller": "attacks",
    "attaquer depuis": "attacksConvoysFrom", "cibler depuis": "attacksConvoysFrom",
    "cible": "targets", "cible depuis": "attacksConvoysFrom",       # the small model's lemma of "cible"
    "embusquer": "ambushed", "tuer": "killed", "exécuter": "killed", "assassiner": "killed", "abattre": "killed",
    "enlever": "kidnapped", "kidnapper": "kidnapped", "capturer": "captured", "intercepter": "intercepted",
    "détourner": "hijacked", "bloquer": "blockades", "assiéger": "blockades", "encercler": "blockades",
    "asphyxier": "blockades", "étouffer": "pressures", "étrangler": "blockades", "empêcher": "blockades",
    "menacer": "threatens", "intimider": "threatens", "punir": "pressures", "affaiblir": "pressures",
    "déstabiliser": "pressures", "renverser": "seeksToOverthrow", "combattre": "fights",
    "affronter": "fights", "lutter contre": "fights", "repousser": "repelled", "surveiller": "monitors",
    "scruter": "monitors", "arrêter": "arrested", "interpeller": "arrested", "détenir": "arrested",
    "accuser": "accused", "interdire": "banned", "suspendre": "suspended", "révoquer": "revoked",
    "dissoudre": "dissolved", "expulser": "expelled", "prendre contrôle de": "tookControlOf",
    "contrôler": "controls", "diriger": "leads", "gouverner": "rules", "commander": "leads",
    "soutenir": "supports", "appuyer": "supports", "aider": "supports", "épauler": "supports",
    "s'allier avec": "alliedWith", "allier à": "alliedWith", "rejoindre": "memberOf", "former": "supports",     # "former les soldats": train
    "lier à": "affiliatedWith", "affilier à": "affiliatedWith", "rattacher à": "affiliatedWith",
    "négocier avec": "negotiatesWith", "négocier": "negotiatesWith", "rencontrer": "metWith",
    "signer avec": "signedAgreementWith", "recruter": "hired", "employer": "hired",
    "coopérer avec": "worksWith", "collaborer avec": "worksWith", "rompre avec": "cutTiesWith",
    "ravitailler": "sentSuppliesTo", "approvisionner": "suppliesFuelTo", "livrer": "suppliesFuelTo",
    "envoyer": "sentSuppliesTo", "envoyer à": "sentSuppliesTo", "escorter": "escortedConvoysTo",
    "protéger": "defends", "défendre": "defends", "déployer": "deployedTo", "déployer à": "deployedTo",
    "retirer de": "withdrewFrom", "quitter": "withdrewFrom", "évacuer": "withdrewStaffFrom",
    "libérer": "released", "relâcher": "released", "revendiquer": "claimedResponsibilityFor",
    "imposer à": "imposedRulesOn", "opérer dans": "operatesIn", "implanter dans": "operatesIn",
    "implanter en": "operatesIn", "baser à": "basedIn", "remplacer": "tookOverFrom",
    "s'emparer de": "tookControlOf", "emparer de": "tookControlOf",
    # verb phrases with a bare noun (kg.extraction.french.idiom): "mettre en garde les transporteurs"
    "mettre en garde": "threatens", "prendre en otage": "kidnapped", "retenir en otage": "kidnapped",
    "prendre pour cible": "targets", "prendre de assaut": "attacks", "tendre embuscade": "ambushed",
    "tendre embuscade à": "ambushed", "déclarer guerre à": "fights", "livrer combat à": "fights",
    "neutraliser": "killed", "pilonner": "attacks", "mitrailler": "attacks", "saboter": "attacks",
    "reprendre": "tookControlOf", "occuper": "tookControlOf", "dialoguer avec": "negotiatesWith",
    "ravitailler en": "sentSuppliesTo", "traquer": "fights", "pourchasser": "fights",
    "affronter dans": "fights", "accrocher": "fights", "rançonner": "pressures",
    "brûler": "attacks", "harceler": "attacks", "assaillir": "attacks", "isoler": "pressures",
    "faire pression sur": "pressures", "sanctionner": "pressures", "dénoncer": "accused", "bannir": "banned",
    "vaincre": "defeated", "mettre en déroute": "defeated", "rebeller contre": "rebelledAgainst",
    "soulever contre": "rebelledAgainst", "emprisonner": "arrested", "incarcérer": "arrested",
    "écrouer": "arrested", "placer en détention": "arrested", "fonder": "established", "créer": "established",
    "prêter allégeance à": "affiliatedWith", "entretenir avec": "metWith", "signer accord avec": "signedAgreementWith",
    "conclure accord avec": "madeDealWith", "passer accord avec": "madeDealWith", "tourner vers": "pivotedTo",
    "rapprocher de": "pivotedTo", "rompre relation avec": "cutTiesWith", "couper pont avec": "cutTiesWith",
    "fournir carburant à": "suppliesFuelTo", "acheminer": "sentSuppliesTo", "acheminer vers": "sentSuppliesTo",
    "payer rançon à": "paidRansomTo", "verser rançon à": "paidRansomTo", "sévir contre": "cracksDownOn",
    "réprimer": "cracksDownOn", "décrire": "characterises", "stationner à": "deployedTo",
    "stationner en": "deployedTo", "armer": "supports", "financer": "supports", "discuter avec": "negotiatesWith",
    "prendre pouvoir": "seizedPowerIn", "prendre pouvoir à": "seizedPowerIn", "prendre pouvoir en": "seizedPowerIn",
    "fermer école à": "closedSchoolsIn", "fermer école dans": "closedSchoolsIn", "fermer école en": "closedSchoolsIn",
    # adjectives and participles after "être" or a noun: "actif au Sahel", "présent dans le centre"
    "actif à": "operatesIn", "actif dans": "operatesIn", "actif en": "operatesIn", "présent à": "operatesIn",
    "présent dans": "operatesIn", "présent en": "operatesIn", "implanter à": "operatesIn",
    "basé à": "basedIn", "baser en": "basedIn", "installer à": "basedIn", "affilié à": "affiliatedWith",
    "lié à": "affiliatedWith", "allié à": "alliedWith", "proche de": None, "hostile à": "threatens",
}

NOUNS = {
    "blocus": "blockades", "siège": "blockades", "embargo": "blockades", "encerclement": "blockades",
    "attaque": "attacks", "assaut": "attacks", "offensive": "attacks", "frappe": "attacks", "raid": "attacks",
    "embuscade": "ambushed", "enlèvement": "kidnapped", "rapt": "kidnapped", "interdiction": "banned",
    "arrestation": "arrested", "soutien": "supports", "appui": "supports", "retrait": "withdrewFrom",
    "évacuation": "withdrewStaffFrom", "pression": "pressures", "négociation": "negotiatesWith",
    "escorte": "escortedConvoysTo", "rançon": "paidRansomTo", "coup": "seizedPowerIn", "menace": "threatens",
    "libération": "released", "combat": "fights", "guerre": "fights",
    "blocu": "blockades",                    # the small model's lemma of "blocus"
    "attentat": "attacks", "incursion": "attacks", "bombardement": "attacks", "assassinat": "killed",
    "massacre": "killed", "tuerie": "killed", "capture": "captured", "expulsion": "expelled",
    "alliance": "alliedWith", "partenariat": "worksWith", "coopération": "worksWith", "dialogue": "negotiatesWith",
    "ultimatum": "threatens", "ravitaillement": "sentSuppliesTo", "déploiement": "deployedTo",
    "départ": "withdrewFrom", "occupation": "tookControlOf", "affrontement": "fights", "conflit": "fights",
    "kidnapping": "kidnapped", "meurtre": "killed", "interpellation": "arrested", "détention": "arrested",
    "putsch": "seizedPowerIn", "sabotage": "attacks", "pillage": "attacks", "sanction": "pressures",
    "financement": "supports", "livraison": "sentSuppliesTo", "pourparlers": "negotiatesWith",
}

LIGHT_VERBS = {"imposer", "annoncer", "déclarer", "mener", "lancer", "maintenir", "décréter", "poursuivre",
               "intensifier", "multiplier", "conduire", "exercer", "organiser", "perpétrer", "commettre",
               "revendiquer", "entamer", "durcir", "étendre", "instaurer", "proclamer", "ordonner", "décider",
               "engager", "renforcer"}

CONTROL = {
    "exhorter": {"quitter": "urgedCitizensToLeave", "partir": "urgedCitizensToLeave"},
    "conseiller": {"quitter": "urgedCitizensToLeave", "partir": "urgedCitizensToLeave"},
    "appeler": {"quitter": "urgedCitizensToLeave", "partir": "urgedCitizensToLeave"},
    "inviter": {"quitter": "urgedCitizensToLeave", "partir": "urgedCitizensToLeave"},
    "demander": {"quitter": "urgedCitizensToLeave", "partir": "urgedCitizensToLeave"},
    "recommander": {"quitter": "urgedCitizensToLeave", "partir": "urgedCitizensToLeave"},
    "enjoindre": {"quitter": "urgedCitizensToLeave"},
}

INTENTION = {"chercher", "tenter", "essayer", "vouloir", "viser", "prévoir", "menacer", "continuer",
             "commencer", "décider", "promettre", "entendre", "compter", "aider", "parvenir", "réussir"}

HYPHEN = {"affilié": ("affiliatedWith", False), "lié": ("affiliatedWith", False),
          "soutenu": ("supports", True), "affiliate_noun": ("affiliatedWith", False)}

ROLES = {
    "chef": "leads", "dirigeant": "leads", "président": "leads", "commandant": "leads", "leader": "leads",
    "fondateur": "leads", "patron": "leads", "ministre": "memberOf", "ambassadeur": "memberOf",
    "porte-parole": "memberOf", "analyste": "memberOf", "responsable": "memberOf", "membre": "memberOf",
    "gouverneur": "memberOf", "envoyé": "memberOf", "chercheur": "memberOf", "directeur": "memberOf",
    "officier": "memberOf", "général": "memberOf", "colonel": "memberOf", "diplomate": "memberOf",
    "citoyen": "citizenOf", "ressortissant": "citizenOf", "colonie": "formerColonyOf",
    "partenaire": "worksWith", "supplétif": "supports", "allié": "alliedWith", "faction": "memberOf",
    "branche": "affiliatedWith", "aile": "memberOf",
}

SPEECH = {"dire", "déclarer", "affirmer", "annoncer", "indiquer", "assurer", "expliquer", "rapporter",
          "confirmer", "estimer", "souligner", "préciser", "ajouter", "accuser", "justifier", "raconter",
          "témoigner", "signaler", "prévenir", "avertir", "démentir", "nier"}

HEDGES = {"pouvoir": "possible", "peut-être": "possible", "possiblement": "possible",
          "probablement": "likely", "vraisemblablement": "likely", "sans doute": "likely",
          "improbable": "unlikely", "apparemment": "reported", "prétendument": "reported",
          "présumé": "reported", "supposé": "reported"}

PRONOUNS = {"il": {"Organization", "Government", "Country", "Group", "Person"},
            "elle": {"Organization", "Government", "Country", "Group", "Person"},
            "ils": {"Organization", "Group", "Government"}, "elles": {"Organization", "Group", "Government"},
            "son": {"Organization", "Government", "Country", "Group"},
            "sa": {"Organization", "Government", "Country", "Group"},
            "ses": {"Organization", "Government", "Country", "Group"},
            "leur": {"Organization", "Group", "Government", "Country"},
            "leurs": {"Organization", "Group", "Government", "Country"}}

DESCRIPTORS = {"groupe": {"jihadist-group", "rebel-group"}, "jihadiste": {"jihadist-group"},
               "djihadiste": {"jihadist-group"}, "militant": {"jihadist-group", "rebel-group"},
               "insurgé": {"jihadist-group", "rebel-group"}, "terroriste": {"jihadist-group"},
               "islamiste": {"jihadist-group"}, "rebelle": {"rebel-group"}, "assaillant": {"jihadist-group"},
               "junte": {"government"}, "pays": {"country"}, "organisation": {"jihadist-group"},
               "mercenaire": {"foreign-force"}, "compagnie": {"company"}, "société": {"company"},
               "ravisseur": {"jihadist-group"}, "combattant": {"jihadist-group", "rebel-group"},
               "indépendantiste": {"rebel-group"}, "séparatiste": {"rebel-group"},
               "autorité": {"government"}, "gouvernement": {"government"}, "régime": {"government"},
               "armée": {"state-forces"}, "militaire": {"state-forces"}, "soldat": {"state-forces"}}

PEOPLE = {"ressortissant", "citoyen", "troupe", "force", "soldat", "armée", "militaire", "autorité",
          "gouvernement", "responsable", "combattant", "membre", "unité", "personnel", "diplomate",
          "ambassade", "jihadiste", "djihadiste", "junte", "régime", "élément", "partenaire", "supplétif",
          "mercenaire", "groupe", "terroriste", "rebelle", "colonne", "convoi", "otage", "état", "etat",
          "territoire", "capitale", "transition", "transporteur", "chauffeur", "camionneur", "passager",
          "policier", "gendarme", "milicien", "employé", "agent", "fonctionnaire", "effectif", "contingent",
          "instructeur", "combattant", "ravisseur", "commando", "ambassadeur", "consul", "représentant"}

DEMONYMS = {
    "malien": "Mali", "malienne": "Mali", "maliens": "Mali", "maliennes": "Mali",
    "français": "France", "française": "France", "françaises": "France", "russe": "Russia", "russes": "Russia",
    "sénégalais": "Senegal", "sénégalaise": "Senegal", "ivoirien": "Côte d'Ivoire", "ivoirienne": "Côte d'Ivoire",
    "ivoiriens": "Côte d'Ivoire", "nigérien": "Niger", "nigérienne": "Niger", "nigériens": "Niger",
    "burkinabè": "Burkina Faso", "burkinabé": "Burkina Faso", "mauritanien": "Mauritania",
    "mauritanienne": "Mauritania", "guinéen": "Guinea", "guinéenne": "Guinea", "américain": "United States",
    "américaine": "United States", "américains": "United States", "britannique": "United Kingdom",
    "britanniques": "United Kingdom", "chinois": "China", "chinoise": "China", "émirati": "United Arab Emirates",
    "émiratis": "United Arab Emirates", "algérien": "Algeria", "algérienne": "Algeria", "italien": "Italy",
    "italienne": "Italy", "allemand": "Germany", "allemande": "Germany", "espagnol": "Spain",
    "espagnole": "Spain", "canadien": "Canada", "canadienne": "Canada", "européen": "European Union",
    "européenne": "European Union",
}

# Country names as French writes them -> the catalogue's (English) name.
NAMES = {
    "États-Unis": "United States", "Etats-Unis": "United States", "Royaume-Uni": "United Kingdom",
    "Sénégal": "Senegal", "Mauritanie": "Mauritania", "Guinée": "Guinea", "Italie": "Italy",
    "Allemagne": "Germany", "Espagne": "Spain", "Belgique": "Belgium", "Pays-Bas": "Netherlands",
    "Russie": "Russia", "Algérie": "Algeria", "Chine": "China", "Émirats arabes unis": "United Arab Emirates",
    "Tchad": "Chad", "Maroc": "Morocco", "Libye": "Libya", "Union européenne": "European Union",
    "Nations unies": "United Nations", "Canada": "Canada", "Tombouctou": "Timbuktu",
    "junte": "the junta", "junte militaire": "the junta", "autorités maliennes": "the Malian authorities",
    "gouvernement malien": "the Malian government", "armée malienne": "the Malian military",
    "Forces armées maliennes": "the Malian military", "FAMa": "the Malian military",
    "soldats maliens": "the Malian military", "militaires maliens": "the Malian military",
    "forces maliennes": "the Malian military", "troupes maliennes": "the Malian military",
    "forces de sécurité maliennes": "the Malian security forces", "forces de défense et de sécurité maliennes":
    "the Malian security forces", "gouvernement de transition": "the Malian government",
    "groupe Wagner": "Wagner Group", "Wagner": "Wagner Group", "groupe russe Wagner": "Wagner Group", "Afrika Korps": "Africa Corps",
    "Al-Qaïda": "al-Qaeda", "Al-Qaida": "al-Qaeda", "Etat islamique au Sahel": "Islamic State Sahel",
    "État islamique au Sahel": "Islamic State Sahel", "Alliance des Etats du Sahel": "Alliance of Sahel States",
    "Alliance des États du Sahel": "Alliance of Sahel States", "AES": "Alliance of Sahel States",
    "Côte-d'Ivoire": "Côte d'Ivoire", "Burkina": "Burkina Faso",
}

# What the French pipelines read instead (same length): "l’armée" is parsed as a name and "« le
# groupe »" as a noun, while "l'armée" and '"le groupe"' are parsed as in the training treebanks.
TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "«": '"', "»": '"', "“": '"', "”": '"',
                            "\u00a0": " ", "\u202f": " "})

LEXICON = Lexicon(
    code="fr", verbs=VERBS, nouns=NOUNS, light_verbs=LIGHT_VERBS, control=CONTROL, intention=INTENTION,
    hyphen=HYPHEN, roles=ROLES, speech=SPEECH, according={"selon", "d'après", "d’après"}, hedges=HEDGES,
    negations={"pas", "jamais", "plus", "aucun", "ni", "guère", "nullement"}, pronouns=PRONOUNS,
    descriptors=DESCRIPTORS, people=PEOPLE, demonyms=DEMONYMS, names=NAMES,
    symmetric={"signedAgreementWith", "metWith", "alliedWith", "negotiatesWith", "fights", "worksWith"},
    typography=TYPOGRAPHY,
)
