"""What the syntactic reader's parts share: dependency labels (English ClearNLP and French UD),
the preposition of a nominal, and the ``Triple`` record the readers yield
(``kg.extraction.syntax`` for verbs, ``kg.extraction.nominal`` for predicate nouns, hyphenated
modifiers and role nouns).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extraction import french

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "nsubj:pass", "csubjpass"}
OBJ = {"dobj", "obj", "attr", "dative", "oprd"}
FR_OBL = {"obl", "obl:arg", "obl:mod", "iobj", "nmod"}
RELCL = {"relcl", "acl:relcl"}
CLAUSES = {"ccomp", "advcl", "relcl", "acl:relcl", "parataxis", "csubj", "xcomp"}
_REL_PRONOUNS = {"which", "who", "that", "whom", "qui", "que", "lequel", "laquelle", "dont"}
# relations whose place, when the sentence leaves it out, is the country the article is about:
# "evacuated its staff", "urged its citizens to leave", "seized power in a coup"
IMPLICIT_PLACE = {"seizedPowerIn", "withdrewStaffFrom", "urgedCitizensToLeave"}
_ACTORS = {"Person", "Organization", "Government", "Group", "Country"}
_UNDERGO = {"suffer", "face", "endure", "undergo", "subir", "connaître", "affronter"}
_LOCATIVE = {"in", "at", "near", "around", "across", "inside", "within", "throughout", "dans", "en", "près",
             "along", "outside", "over"}
_PATIENT_POSS = {"arrest", "kidnapping", "abduction", "release", "capture", "killing", "detention", "arrestation",
                 "enlèvement", "libération"}


@dataclass
class Triple:
    subject: str
    relation: str
    object: str
    predicate: int              # token index of the predicate word
    kind: str                   # verb | noun | hyphen | role | symmetric


def prep_of(tok) -> str | None:
    """The preposition that introduces a nominal (French ``case`` child), lower case; French
    contractions as their preposition ("au Mali" -> à, "du Sénégal" -> de)."""
    cases = [c for c in tok.children if c.dep_ == "case" and c.pos_ == "ADP"]
    if not cases:
        return None
    low = cases[0].lower_.replace("’", "'")
    return french.CONTRACTED.get(low, low)
