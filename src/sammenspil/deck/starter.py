"""Starter decks for `sammenspil deck new`: a small, commented deck a trainer edits into their own.

The templates are complete decks (they pass `deck check --strict`), so a trainer starts from
something that plays and changes one card at a time, re-checking as they go. Only the id and the
title are filled in from the file name.
"""

from __future__ import annotations

import re
import unicodedata
from string import Template

LANGUAGES = ("da", "en")
FALLBACK_ID = "my-deck"

# Danish letters have conventional ASCII spellings; NFKD alone would drop 'ø' and 'æ'.
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
_LANGUAGE_SUFFIX = re.compile(r"\.([a-z]{2})$")


def slugify(text: str, fallback: str = FALLBACK_ID) -> str:
    """A deck id from free text: lowercase ASCII letters, digits and single hyphens."""
    text = text.lower().translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    slug = slug[:48].rstrip("-")
    return slug or fallback


def split_file_name(name: str) -> tuple[str, str | None]:
    """`kursus.da.toml` -> ("kursus", "da"): the deck's name and the language its name carries."""
    stem = name[:-5] if name.lower().endswith(".toml") else name
    match = _LANGUAGE_SUFFIX.search(stem)
    if match and match.group(1) in LANGUAGES:
        return stem[: match.start()], match.group(1)
    return stem, None


def deck_id_for(file_name: str) -> str:
    """The id `deck new` gives a deck written to file_name (the bundled decks follow this too)."""
    return slugify(split_file_name(file_name)[0])


def title_for(file_name: str, language: str) -> str:
    """A first title from the file name, in its own letters (so 'borgerforløb' keeps its 'ø')."""
    name = re.sub(r"[-_.\s]+", " ", split_file_name(file_name)[0]).strip()
    name = "".join(ch for ch in name if ch.isprintable())[:80].strip()
    if not name or not any(ch.isalnum() for ch in name):
        return "Mit kortspil" if language == "da" else "My deck"
    return name[:1].upper() + name[1:]


def starter_deck(file_name: str, language: str = "da") -> str:
    """The TOML text of a starter deck for a file called file_name."""
    if language not in LANGUAGES:
        raise ValueError(f"no starter deck in {language!r}; choose one of {', '.join(LANGUAGES)}")
    template = STARTER_DA if language == "da" else STARTER_EN
    # A JSON string is also a valid TOML basic string: quotes, backslashes, escapes all agree.
    import json  # here, not at the top: `sammenspil --help` imports this module

    title = json.dumps(title_for(file_name, language), ensure_ascii=False)
    return template.substitute(deck_id=deck_id_for(file_name), title=title)


STARTER_DA = Template(
    """\
# Et startkortspil til Sammenspil. Ret det til, og tjek det undervejs med:
#     sammenspil deck check --strict <denne fil>
# Felter med (valgfri) kan udelades; så gælder standardværdien. Tekster i "..." er fri tekst,
# id'er skrives med små bogstaver, tal og bindestreger (fx "fælles-mål" skrives "faelles-maal").

format = 1                 # formatets version; denne udgave af Sammenspil læser format 1
# id: kortspillets id, vist i `sammenspil deck list` og brugt med --deck; title: det spillerne ser
id = "${deck_id}"
title = ${title}
language = "da"            # sprogkode på to bogstaver: "da" eller "en"
version = "0.1.0"          # (valgfri) kortspillets egen version; hæv den, når du ændrer kort
description = "Et lille kortspil om sammenhæng mellem stat, regioner og kommuner."  # (valgfri)

[rules]                    # (valgfri) hvordan kortene deles ud
problems = 3               # problemkort på bordet; højst så mange, som kortspillet har
hand = 2                   # løsningskort på hånden til hver rolle; hand × roller ≤ antal løsninger
dilemmas = 1               # dilemmakort; højst så mange, som kortspillet har
change_budget = 4          # placeringer, før "fokus" begynder at koste point (et blødt loft)
effort_budget = 8          # samlet indsats (effort), før "enkelhed" begynder at koste point
argument_min_words = 4     # ord et argument mindst skal have for at tælle som begrundet

[scoring]                  # (valgfri) hvordan runden scores
culture_target = 0.5       # andel kultur- og dialogløsninger, der giver fuld score (0 til 1)
rbo_p = 0.9                # under 1: lavere tal vægter toppen af rangordningerne mere

[scoring.weights]          # (valgfri) vægt pr. heuristik; 0 slår den fra
# En udeladt vægt er 1, for deliberation 2.
coverage = 2               # "ingen huller": vægt problemerne højt, som får en løsning
# chains, alignment, focus, pace, culture, simplicity, ownership, deliberation og consensus
# kan vægtes på samme måde.

# --- Roller: hvem sidder ved bordet. Hver rolle skal eje mindst én løsning. -------------------

[[roles]]
id = "state"               # rollens id; bruges i levels og owners nedenfor
name = "Staten"            # navnet spillerne ser
description = "Sætter rammer, lovgivning og økonomi."   # (valgfri)

[[roles]]
id = "region"
name = "Regionerne"
description = "Driver sygehusene og det regionale sundhedsvæsen."

[[roles]]
id = "municipality"
name = "Kommunerne"
description = "Møder borgeren i hverdagen: pleje, jobcenter og skole."

# --- Problemer: det, rollerne skal rangordne og løse. Mindst én løsning skal ramme hvert. -------

[[problems]]
id = "handover"            # problemets id; løsninger peger på det i addresses
title = "Borgeren falder mellem to stole"
text = "Når en borger udskrives fra sygehuset til kommunen, går viden tabt undervejs."  # (valgfri)
levels = ["region", "municipality"]   # rollerne i kæden, problemet løber igennem
tags = ["sundhed"]         # (valgfri) emner; en løsning kan ramme alle med "tag:sundhed"

[[problems]]
id = "big-systems"
title = "Komplekse borgere møder store systemer"
text = "Borgere med mange sager skal selv sætte sammen, hvad systemerne har delt op."
levels = ["state", "region", "municipality"]
tags = ["sundhed", "kompleksitet"]

[[problems]]
id = "too-much"
title = "For meget på én gang"
text = "Mange reformer og projekter kører samtidig, og ingen når at lære af dem."
levels = ["state", "municipality"]
tags = ["kompleksitet", "styring"]

[[problems]]
id = "many-goals"
title = "For mange mål"
text = "Hver myndighed har sine egne mål, og de trækker i hver sin retning."
levels = ["state", "region", "municipality"]
tags = ["styring"]

# --- Løsninger: kortene på rollernes hænder. ---------------------------------------------------
# kind:   culture | dialogue | preparation | structure | rule | capability
# pace:   incremental (lidt, men hele tiden) | big-bang (alt på én gang)
# effort: 1 (en vane) til 5 (en reform)

[[remedies]]
id = "discharge-plan"      # løsningens id
title = "Fælles udskrivningsplan"
text = "Sygehus og kommune lægger planen sammen, før borgeren tager hjem."   # (valgfri)
addresses = ["handover"]   # problemer (id) eller emner ("tag:...") som løsningen svarer på
owners = ["region", "municipality"]   # rollerne, der kan drive løsningen
kind = "dialogue"          # hvilken slags greb løsningen er
pace = "incremental"       # hvordan den indføres
effort = 2                 # hvor meget den kræver

[[remedies]]
id = "simple"
title = "Gør det simpelt, hvor vi kan"
text = "Fjern et trin, en blanket eller en regel, før vi lægger nyt til."
addresses = ["tag:kompleksitet"]
owners = ["state", "region", "municipality"]
kind = "culture"
pace = "incremental"
effort = 1

[[remedies]]
id = "one-contact"
title = "Én indgang for borgeren"
text = "Borgere med mange sager får én fast kontaktperson på tværs af myndighederne."
addresses = ["big-systems", "handover"]
owners = ["municipality"]
kind = "structure"
pace = "incremental"
effort = 3

[[remedies]]
id = "few-goals"
title = "Få, fælles mål"
text = "Staten og parterne aftaler få mål, der går på tværs, i stedet for mange egne."
addresses = ["many-goals"]
owners = ["state"]
kind = "rule"              # removes_rules = true markerer et regelkort, der fjerner regler
pace = "big-bang"
effort = 3

[[remedies]]
id = "prepare"
title = "Forbered forandringer grundigt"
text = "Inddrag dem, der skal gøre arbejdet, og lad idéen modne, før den rulles ud."
addresses = ["too-much", "many-goals"]
owners = ["state", "region"]
kind = "preparation"
pace = "incremental"
effort = 2

[[remedies]]
id = "shared-analysis"
title = "Fælles analyse af udfordringen"
text = "Før vi vælger løsning, ser vi på tallene sammen på tværs af stat, region og kommune."
addresses = ["big-systems", "many-goals"]
owners = ["state", "region", "municipality"]
kind = "capability"
pace = "incremental"
effort = 2

# --- Dilemmaer: spørgsmål uden rigtigt svar; hver rolle placerer sig fra 1 (left) til 5 (right).

[[dilemmas]]
id = "service-levels"      # dilemmaets id
question = "Hvem sætter serviceniveauet?"
left = "Staten"            # polen ved 1
right = "Kommunen"         # polen ved 5
text = "Ens service i hele landet, eller lokale forskelle, der passer til borgerne?"  # (valgfri)

[[dilemmas]]
id = "steady-pace"
question = "Er rolig udvikling nok til at følge med?"
left = "Lidt, men hele tiden"
right = "Store reformer"
"""
)


STARTER_EN = Template(
    """\
# A starter deck for Sammenspil. Edit it, and check it as you go with:
#     sammenspil deck check --strict <this file>
# Fields marked (optional) may be left out; the default then applies. Texts in "..." are free
# text; ids use lowercase letters, digits and hyphens (e.g. "shared-goals").

format = 1                 # the format version; this version of Sammenspil reads format 1
# id: the deck's id, shown by `sammenspil deck list` and used with --deck; title: what players see
id = "${deck_id}"
title = ${title}
language = "en"            # two-letter language code: "da" or "en"
version = "0.1.0"          # (optional) the deck's own version; raise it when you change cards
description = "A small deck on coherence between the state, the regions and the municipalities."

[rules]                    # (optional) how the cards are dealt
problems = 3               # problem cards on the table; at most as many as the deck has
hand = 2                   # remedy cards in each role's hand; hand × roles ≤ number of remedies
dilemmas = 1               # dilemma cards; at most as many as the deck has
change_budget = 4          # placements before "focus" starts to cost score (a soft limit)
effort_budget = 8          # total effort of placements before "simplicity" starts to cost score
argument_min_words = 4     # words an argument needs to count as argued

[scoring]                  # (optional) how the round is scored
culture_target = 0.5       # share of culture and dialogue remedies that scores 100 (0 to 1)
rbo_p = 0.9                # below 1: a lower number weighs the top of the rankings more

[scoring.weights]          # (optional) weight per heuristic; 0 turns it off
# A weight left out is 1, for deliberation 2.
coverage = 2               # "no holes": weigh the problems that get a remedy highly
# chains, alignment, focus, pace, culture, simplicity, ownership, deliberation and consensus
# can be weighted the same way.

# --- Roles: who sits at the table. Every role must own at least one remedy. --------------------

[[roles]]
id = "state"               # the role's id; used in levels and owners below
name = "The state"         # the name players see
description = "Sets the frameworks, the law and the money."   # (optional)

[[roles]]
id = "region"
name = "The regions"
description = "Run the hospitals and regional health care."

[[roles]]
id = "municipality"
name = "The municipalities"
description = "Meet citizens in everyday life: care, job centres and schools."

# --- Problems: what the roles rank and answer. At least one remedy must address each. ----------

[[problems]]
id = "handover"            # the problem's id; remedies point to it in addresses
title = "The citizen falls between two chairs"
# text: (optional) a sentence or two on the card
text = "When a patient leaves hospital for the municipality's care, knowledge is lost."
levels = ["region", "municipality"]   # the roles along whose chain the problem runs
tags = ["health"]          # (optional) themes; a remedy can address them all with "tag:health"

[[problems]]
id = "big-systems"
title = "Complex citizens meet big systems"
text = "Citizens with many cases must put together what the systems have split up."
levels = ["state", "region", "municipality"]
tags = ["health", "complexity"]

[[problems]]
id = "too-much"
title = "Too much at once"
text = "Many reforms and projects run at the same time, and nobody has time to learn from them."
levels = ["state", "municipality"]
tags = ["complexity", "steering"]

[[problems]]
id = "many-goals"
title = "Too many goals"
text = "Every authority has its own goals, and they pull in different directions."
levels = ["state", "region", "municipality"]
tags = ["steering"]

# --- Remedies: the cards in the roles' hands. ---------------------------------------------------
# kind:   culture | dialogue | preparation | structure | rule | capability
# pace:   incremental (a little, all the time) | big-bang (everything at once)
# effort: 1 (a habit) to 5 (a reform)

[[remedies]]
id = "discharge-plan"      # the remedy's id
title = "A shared discharge plan"
text = "Hospital and municipality make the plan together before the patient goes home."
addresses = ["handover"]   # problem ids, or themes as "tag:...", that this remedy answers
owners = ["region", "municipality"]   # the roles that can drive the remedy
kind = "dialogue"          # what sort of lever the remedy is
pace = "incremental"       # how it is introduced
effort = 2                 # how much it takes

[[remedies]]
id = "simple"
title = "Make it simple where we can"
text = "Remove a step, a form or a rule before adding a new one."
addresses = ["tag:complexity"]
owners = ["state", "region", "municipality"]
kind = "culture"
pace = "incremental"
effort = 1

[[remedies]]
id = "one-contact"
title = "One way in for the citizen"
text = "Citizens with many cases get one named contact across the authorities."
addresses = ["big-systems", "handover"]
owners = ["municipality"]
kind = "structure"
pace = "incremental"
effort = 3

[[remedies]]
id = "few-goals"
title = "Few, shared goals"
text = "The state and its partners agree on a few goals that cut across, not many of their own."
addresses = ["many-goals"]
owners = ["state"]
kind = "rule"              # removes_rules = true marks a rule card that takes rules away
pace = "big-bang"
effort = 3

[[remedies]]
id = "prepare"
title = "Prepare changes thoroughly"
text = "Involve the people who will do the work, and let the idea mature before it rolls out."
addresses = ["too-much", "many-goals"]
owners = ["state", "region"]
kind = "preparation"
pace = "incremental"
effort = 2

[[remedies]]
id = "shared-analysis"
title = "A shared analysis of the challenge"
text = "Before choosing a remedy, state, region and municipality look at the figures together."
addresses = ["big-systems", "many-goals"]
owners = ["state", "region", "municipality"]
kind = "capability"
pace = "incremental"
effort = 2

# --- Dilemmas: questions with no right answer; each role places itself from 1 (left) to 5 (right).

[[dilemmas]]
id = "service-levels"      # the dilemma's id
question = "Who sets the level of service?"
left = "The state"         # the pole at 1
right = "The municipality" # the pole at 5
# text: (optional) a sentence that opens the question up
text = "The same service across the country, or local differences that fit the citizens?"

[[dilemmas]]
id = "steady-pace"
question = "Is steady development enough to keep up?"
left = "A little, all the time"
right = "Big reforms"
"""
)
