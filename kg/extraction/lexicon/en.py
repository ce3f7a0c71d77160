"""English lexicon of the syntactic extractor (see ``kg.extraction.lexicon``)."""

from kg.extraction.lexicon import Lexicon

VERBS = {
    # hostile
    "attack": "attacks", "strike": "attacks", "raid": "attacks", "assault": "attacks", "hit": "attacks",
    "bomb": "attacks", "shell": "attacks", "burn": "attacks", "destroy": "attacks", "storm": "attacks",
    "overrun": "attacks", "attack from": "attacksConvoysFrom", "target": "targets", "ambush": "ambushed",
    "kill": "killed", "execute": "killed", "murder": "killed", "behead": "killed", "massacre": "killed",
    "kidnap": "kidnapped", "abduct": "kidnapped", "capture": "captured|tookControlOf", "intercept": "intercepted",
    "take hostage": "kidnapped", "hold hostage": "kidnapped", "hijack": "hijacked",
    "blockade": "blockades", "besiege": "blockades", "encircle": "blockades", "cut off": "blockades",
    "seal off": "blockades", "strangle": "blockades", "choke": "blockades",
    "threaten": "threatens", "menace": "threatens", "intimidate": "threatens",
    "pressure": "pressures", "pressurise": "pressures", "pressurize": "pressures", "squeeze": "pressures",
    "undermine": "pressures", "weaken": "pressures", "destabilise": "pressures", "destabilize": "pressures",
    "punish": "pressures", "isolate": "pressures",
    "oust": "seeksToOverthrow", "topple": "seeksToOverthrow", "overthrow": "seeksToOverthrow",
    "fight": "fights", "combat": "fights", "battle": "fights", "clash with": "fights", "fight against": "fights",
    "defeat": "defeated", "repel": "repelled", "rebel against": "rebelledAgainst", "monitor": "monitors",
    # coercive, political
    "arrest": "arrested", "detain": "arrested", "jail": "arrested", "imprison": "arrested",
    "accuse": "accused", "ban": "banned", "suspend": "suspended", "halt": "suspended", "revoke": "revoked",
    "dissolve": "dissolved", "expel": "expelled", "close": "closedSchoolsIn",
    "seize power in": "seizedPowerIn", "take power in": "seizedPowerIn", "seize power": "seizedPowerIn",
    "take power": "seizedPowerIn", "grab power": "seizedPowerIn", "come to": None, "seize control of": "tookControlOf",
    "take control of": "tookControlOf", "take over": "tookOverFrom|tookControlOf", "replace": "tookOverFrom",
    "control": "controls", "rule": "rules", "govern": "rules", "run": "controls", "lead": "leads",
    "head": "leads", "command": "leads",
    # cooperative, diplomatic, economic
    "support": "supports", "back": "supports", "help": "supports", "aid": "supports", "assist": "supports",
    "arm": "supports", "ally with": "alliedWith", "join": "memberOf", "form": "memberOf",
    "found": "established", "create": "established", "establish": "established",
    "affiliate with": "affiliatedWith", "link to": "affiliatedWith", "tie to": "affiliatedWith",
    "pledge allegiance to": "affiliatedWith",
    "negotiate with": "negotiatesWith", "talk with": "negotiatesWith", "talk to": "negotiatesWith",
    "negotiate": "negotiatesWith", "meet": "metWith", "meet with": "metWith",
    "sign agreement with": "signedAgreementWith", "sign deal with": "signedAgreementWith",
    "sign": "signedAgreementWith", "hire": "hired", "employ": "hired", "recruit": "hired",
    "work with": "worksWith", "cooperate with": "worksWith", "partner with": "worksWith",
    "cut tie with": "cutTiesWith", "break tie with": "cutTiesWith", "break off tie with": "cutTiesWith",
    "sever tie with": "cutTiesWith", "cut off tie with": "cutTiesWith",
    "pivot toward": "pivotedTo", "pivot towards": "pivotedTo", "pivot to": "pivotedTo", "turn to": "pivotedTo",
    "turn toward": "pivotedTo", "turn towards": "pivotedTo",
    "supply": "suppliesFuelTo", "deliver to": "suppliesFuelTo", "deliver": "suppliesFuelTo",
    "send to": "sentSuppliesTo", "send": "sentSuppliesTo", "ship to": "sentSuppliesTo", "dispatch to": "sentSuppliesTo",
    "escort": "escortedConvoysTo", "escort to": "escortedConvoysTo", "protect": "defends", "defend": "defends",
    "deploy to": "deployedTo", "deploy in": "deployedTo", "deploy": "deployedTo", "station in": "deployedTo",
    "withdraw from": "withdrewFrom", "pull out of": "withdrewFrom", "leave": "withdrewFrom", "exit": "withdrewFrom",
    "quit": "withdrewFrom", "evacuate": "withdrewStaffFrom", "evacuate from": "withdrewStaffFrom",
    "release": "released", "free": "released", "pay ransom to": "paidRansomTo", "pay": "paidRansomTo",
    "claim responsibility for": "claimedResponsibilityFor", "impose on": "imposedRulesOn",
    "impose in": "imposesRestrictionsIn", "operate in": "operatesIn", "base in": "basedIn",
    "tell": "spokeTo",
    "emerge from": "emergedFrom", "set up": "established", "make deal with": "madeDealWith",
    "strike deal with": "madeDealWith", "reach deal with": "madeDealWith", "retake": "tookControlOf",
    "recapture": "tookControlOf", "operate near": "operatesNear", "located in": "locatedIn",
    "hit from": "attacksConvoysFrom", "strike from": "attacksConvoysFrom", "target from": "attacksConvoysFrom",
    "burn from": "attacksConvoysFrom", "ambush from": "attacksConvoysFrom", "raid from": "attacksConvoysFrom",
    "put pressure on": "pressures", "exert pressure on": "pressures", "seize": "tookControlOf",
    "impose law in": "imposesShariaIn", "impose sharia in": "imposesShariaIn",
    "lack support in": "lacksPopularSupportIn", "close school in": "closedSchoolsIn",
    "crack down on": "cracksDownOn", "stage coup against": "stagesCoupAgainst", "describe": "characterises",
    "cut defence tie with": "cutDefenceTiesWith", "cut defense tie with": "cutDefenceTiesWith",
    "seek negotiation with": "seeksNegotiationsWith", "seek talk with": "seeksNegotiationsWith",
    # participles read as adjectives ("are allied with", "is linked to")
    "allied with": "alliedWith", "allied to": "alliedWith", "linked to": "affiliatedWith",
    "affiliated with": "affiliatedWith", "affiliated to": "affiliatedWith", "tied to": "affiliatedWith",
    "loyal to": "affiliatedWith", "based in": "basedIn", "hostile to": "threatens",
    # more of what a news coder's verb dictionary lists (CAMEO 03-19 verbs, their particles)
    "station": "deployedTo", "position in": "deployedTo",
    "come to power": "seizedPowerIn", "come to power in": "seizedPowerIn", "rise to power": "seizedPowerIn",
    "bring * to power": "seizedPowerIn", "sweep * to power": "seizedPowerIn", "put * in power": "seizedPowerIn",
    "depart": "withdrewFrom", "depart from": "withdrewFrom", "pull out": "withdrewFrom",
    "withdraw": "withdrewFrom", "retreat from": "withdrewFrom",
    "draw into": "threatens", "drag into": "threatens", "pull into": "threatens", "embroil in": "threatens",
    "act on behalf of": "worksWith", "work for": "worksWith", "spy for": "worksWith", "collaborate with": "worksWith",
    "ally": "alliedWith", "side with": "alliedWith", "team up with": "worksWith",
    "kill in": None, "assassinate": "killed", "slay": "killed", "shoot": "attacks", "shoot dead": "killed",
    "torch": "attacks", "loot": "attacks", "ransack": "attacks", "invade": "attacks",
    "bombard": "attacks", "clash": "fights", "confront": "fights",
    "seize hostage": "kidnapped", "snatch": "kidnapped", "free from": "released",
    "disband": "dissolved", "outlaw": "banned", "prohibit": "banned", "ban from": "bannedImportsFrom",
    "blockade from": "blockades", "besiege from": "blockades", "immobilise": "blockades", "immobilize": "blockades",
    "starve": "blockades",
    "talk with about": "negotiatesWith", "hold talk with": "negotiatesWith",
    "meet in": None, "visit": "metWith", "host": "metWith", "receive": "metWith",
}

NOUNS = {
    "blockade": "blockades", "siege": "blockades", "embargo": "blockades", "encirclement": "blockades",
    "attack": "attacks", "assault": "attacks", "raid": "attacks", "strike": "attacks", "airstrike": "attacks",
    "offensive": "attacks", "ambush": "ambushed", "kidnapping": "kidnapped", "abduction": "kidnapped",
    "ban": "banned", "arrest": "arrested", "support": "supports", "backing": "supports",
    "withdrawal": "withdrewFrom", "departure": "withdrewFrom", "pressure": "pressures",
    "negotiation": "negotiatesWith", "talk": "negotiatesWith", "escort": "escortedConvoysTo",
    "ransom": "paidRansomTo", "coup": "seizedPowerIn", "rebellion": "rebelledAgainst",
    "fight": "fights", "war": "fights", "threat": "threatens", "release": "released",
    # nominalisations a news coder reads as events (CAMEO/PLOVER): the relation, and by preposition
    "ban from": "bannedImportsFrom", "embargo from": "bannedImportsFrom",
    "attack from": "attacksConvoysFrom", "raid from": "attacksConvoysFrom", "assault from": "attacksConvoysFrom",
    "conflict": "fights", "clash": "fights", "fighting": "fights", "battle": "fights",
    "operation against": "fights", "campaign against": "fights", "offensive against": "attacks",
    "meeting": "metWith", "meeting with": "metWith", "summit": "metWith", "visit": "metWith",
    "detention": "arrested", "capture": "captured", "killing": "killed", "execution": "killed",
    "assassination": "killed", "massacre": "killed", "hostage-taking": "kidnapped",
    "alliance with": "alliedWith", "agreement with": "signedAgreementWith", "deal with": "madeDealWith",
    "cooperation with": "worksWith", "partnership with": "worksWith", "expulsion": "expelled",
    "dissolution": "dissolved", "suspension": "suspended", "evacuation": "withdrewStaffFrom",
    "takeover": "seizedPowerIn", "putsch": "seizedPowerIn", "crackdown on": "cracksDownOn",
    "negotiation with": "negotiatesWith", "dialogue with": "negotiatesWith", "talk with": "negotiatesWith",
}

LIGHT_VERBS = {"impose", "announce", "maintain", "declare", "launch", "conduct", "carry", "step", "increase",
               "intensify", "stage", "mount", "lead", "begin", "start", "continue", "enforce", "extend",
               "tighten", "make", "wage", "pay", "demand", "order", "expand", "hold", "sign", "reach", "open",
               "resume", "engage", "undertake", "perform", "enter", "pursue", "step up", "escalate"}

CONTROL = {
    "urge": {"leave": "urgedCitizensToLeave", "depart": "urgedCitizensToLeave", "evacuate": "urgedCitizensToLeave"},
    "advise": {"leave": "urgedCitizensToLeave", "depart": "urgedCitizensToLeave"},
    "warn": {"leave": "urgedCitizensToLeave"},
    "tell": {"leave": "urgedCitizensToLeave"},
    "call": {"leave": "urgedCitizensToLeave"},
    "ask": {"leave": "urgedCitizensToLeave"},
    "encourage": {"leave": "urgedCitizensToLeave"},
    "order": {"leave": "urgedCitizensToLeave"},
    "force": {"close": "closedSchoolsIn"},
    "refuse": {"negotiate": "refusesNegotiationWith", "talk": "refusesNegotiationWith"},
}

INTENTION = {"seek", "try", "aim", "plan", "attempt", "want", "intend", "vow", "pledge", "threaten",
             "continue", "begin", "start", "resort", "help", "manage", "decide", "agree", "promise"}

HYPHEN = {
    "link": ("affiliatedWith", False), "linked": ("affiliatedWith", False),
    "affiliate": ("affiliatedWith", False), "affiliated": ("affiliatedWith", False),
    "tie": ("affiliatedWith", False), "tied": ("affiliatedWith", False),
    "ally": ("affiliatedWith", False), "allied": ("affiliatedWith", False), "aligned": ("affiliatedWith", False),
    "back": ("supports", True), "backed": ("supports", True), "sponsor": ("supports", True),
    "sponsored": ("supports", True), "support": ("supports", True), "supported": ("supports", True),
    "run": ("controls", True), "controlled": ("controls", True), "control": ("controls", True),
    "led": ("leads", True), "lead": ("leads", True),
    "base": ("basedIn", False), "based": ("basedIn", False),
    "affiliate_noun": ("affiliatedWith", False),
}

ROLES = {
    "leader": "leads", "head": "leads", "chief": "leads", "president": "leads", "commander": "leads",
    "founder": "leads", "chairman": "leads", "boss": "leads",
    "minister": "memberOf", "ambassador": "memberOf", "spokesman": "memberOf", "spokesperson": "memberOf",
    "spokeswoman": "memberOf", "analyst": "memberOf", "official": "memberOf", "member": "memberOf",
    "governor": "memberOf", "envoy": "memberOf", "researcher": "memberOf", "director": "memberOf",
    "officer": "memberOf", "general": "memberOf", "colonel": "memberOf", "diplomat": "memberOf",
    "premier": "memberOf", "fellow": "memberOf", "expert": "memberOf", "representative": "memberOf",
    "citizen": "citizenOf", "national": "citizenOf", "colony": "formerColonyOf",
    "faction": "memberOf", "wing": "memberOf", "branch": "affiliatedWith", "offshoot": "affiliatedWith",
    "ally": "alliedWith", "partner": "worksWith", "proxy": "supports",
}

SPEECH = {"say", "tell", "claim", "state", "add", "insist", "allege", "report", "confirm", "assert",
          "write", "note", "explain", "argue", "believe", "accord", "announce", "declare", "estimate",
          "warn", "stress", "deny", "describe", "suggest", "indicate", "show"}

HEDGES = {"could": "possible", "may": "possible", "might": "possible", "possibly": "possible",
          "perhaps": "possible", "likely": "likely", "probably": "likely", "expect": "likely",
          "unlikely": "unlikely", "reportedly": "reported", "allegedly": "reported", "apparently": "reported",
          "purportedly": "reported", "supposedly": "reported", "rumour": "reported", "rumor": "reported"}

PRONOUNS = {"it": {"Organization", "Government", "Country", "Group"},
            "its": {"Organization", "Government", "Country", "Group"},
            "they": {"Organization", "Group", "Government"}, "their": {"Organization", "Group", "Government"},
            "them": {"Organization", "Group", "Government"},
            "he": {"Person"}, "his": {"Person"}, "she": {"Person"}, "her": {"Person"}}

DESCRIPTORS = {"group": {"jihadist-group", "rebel-group"}, "militant": {"jihadist-group", "rebel-group"},
               "jihadist": {"jihadist-group"}, "insurgent": {"jihadist-group", "rebel-group"},
               "islamist": {"jihadist-group"}, "fighter": {"jihadist-group", "rebel-group"},
               "terrorist": {"jihadist-group"}, "rebel": {"rebel-group"}, "junta": {"government"},
               "country": {"country"}, "organisation": {"jihadist-group", "international-organisation"},
               "organization": {"jihadist-group", "international-organisation"}, "jihadi": {"jihadist-group"},
               "mercenary": {"foreign-force"}, "company": {"company"}, "firm": {"company"},
               "militia": {"jihadist-group", "rebel-group"}, "nation": {"country"}}

PEOPLE = {"national", "citizen", "troop", "force", "soldier", "army", "military", "authority", "government",
          "official", "militant", "fighter", "member", "unit", "personnel", "diplomat", "embassy", "staff",
          "instructor", "mercenary", "junta", "regime", "security", "police", "gendarme", "worker",
          "hostage", "businessman", "resident", "people", "jihadist", "leader", "ministry", "state",
          "insurgent", "group", "jihadi", "islamist", "rebel", "element", "ally", "partner", "service",
          "delegation", "contingent", "battalion", "brigade", "operative", "agent", "envoy", "administration", "mission"}

DEMONYMS = {
    "malian": "Mali", "emirati": "United Arab Emirates", "french": "France", "russian": "Russia",
    "senegalese": "Senegal", "ivorian": "Côte d'Ivoire", "nigerien": "Niger", "burkinabe": "Burkina Faso",
    "burkinabé": "Burkina Faso", "mauritanian": "Mauritania", "guinean": "Guinea", "algerian": "Algeria",
    "american": "United States", "us": "United States", "u.s.": "United States", "british": "United Kingdom",
    "chinese": "China", "indian": "India", "egyptian": "Egypt", "iranian": "Iran", "serbian": "Serbia",
    "croatian": "Croatia", "bosnian": "Bosnia and Herzegovina", "italian": "Italy", "german": "Germany",
    "spanish": "Spain", "belgian": "Belgium", "dutch": "Netherlands", "canadian": "Canada",
    "turkish": "Turkey", "ukrainian": "Ukraine", "moroccan": "Morocco", "libyan": "Libya",
    "nigerian": "Nigeria", "ghanaian": "Ghana", "togolese": "Togo", "beninese": "Benin", "chadian": "Chad",
    "european": "European Union", "austrian": "Austria", "swiss": "Switzerland", "portuguese": "Portugal",
    "americans": "United States",
}

LEXICON = Lexicon(
    code="en", verbs=VERBS, nouns=NOUNS, light_verbs=LIGHT_VERBS, control=CONTROL, intention=INTENTION,
    hyphen=HYPHEN, roles=ROLES, speech=SPEECH, according={"according"}, hedges=HEDGES,
    negations={"not", "n't", "never", "no", "neither", "nor"}, pronouns=PRONOUNS, descriptors=DESCRIPTORS,
    people=PEOPLE, demonyms=DEMONYMS,
    symmetric={"signedAgreementWith", "metWith", "alliedWith", "negotiatesWith", "fights", "worksWith"},
)
