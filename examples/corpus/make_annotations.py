#!/usr/bin/env python3
"""Build annotations.json for the verbatim sample corpus.

Every quotation in every document is listed below by its TEXT (not by offset).
This script finds each text in its file, checks that it really sits between
quotation marks (or runs to the end of a paragraph, for the open paragraphs of a
multi-paragraph quote), converts it to UTF-8 byte offsets, checks that no quote
mark in the file was left unannotated, and then derives the quote matches:

* each quote belongs to zero or more "families" (fam=...): one family per quote
  span of the original wire story (01) and per quote that only the second wire
  story (07) has;
* verbatim reprints inherit the quotes (and families) of their source;
* unquoted reuse in running text is declared with U(...);
* every family member in 01 and 07 is paired with every member in other
  documents, and the kind of each pair (exact / normalized / truncated /
  altered + word edits) is computed by `classify`; merged/split/unquoted are
  declared where the member is declared ("KEY:merged").

Run:  python3 make_annotations.py        (writes annotations.json next to it)
"""
import difflib
import itertools
import json
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent

EVENT = (
    "Invented event. In late summer 2025 the Republic of Marvenia began filling the "
    "reservoir of its new Korrin Gorge Dam on the Selva River; downstream, in the "
    "neighbouring Republic of Ostrel, the river fell to record lows, grounding the car "
    "ferries at the border town of Dravec and ruining a second harvest on the east bank. "
    "On Tuesday 14 October 2025 Marvenian Foreign Minister Halina Brezak and Ostreli "
    "Environment Commissioner Joachim Rell held a five-hour emergency summit in Dravec's "
    "old customs hall: Marvenia agreed a 30-day extra release (140 m3/s until 13 November) "
    "and a joint flow-monitoring commission, but no deal on the filling rate; talks resume "
    "in Serelin in November. Other speakers: Dravec mayor Oona Castell, hydrologist Ilka "
    "Sorensen (Selva Basin Institute), Marvenian foreign-ministry spokesman Dariusz Mell, "
    "ferry operator Stanko Brel, Ostreli opposition leader Vera Stancu. Outlets: Meridian "
    "Press (agency A, original wire story 01) and Lowland Wire (agency B, independent wire "
    "story 07); small sites that reprint them in furniture (Dravec Courier, RiverWatch "
    "Daily, Eastbank News Network, Port Halvard Post, Selva Today); a rewrite (Ostrel "
    "Observer); content-farm spins (DailyNewsFlow24, WorldNews24.live); a German report "
    "(Nordmark Tagblatt); a radio brief (Radio Selva); an opinion column (The Selva "
    "Review); and five unrelated stories from the same region with their own quotes. "
    "All people, places, outlets and texts are fictional."
)

# --------------------------------------------------------------------------- people
BREZAK, BROZEK = "Halina Brezak", "Halina Brozek"
RELL, CASTELL, SORENSEN = "Joachim Rell", "Oona Castell", "Ilka Sorensen"
BREL, MELL, STANCU = "Stanko Brel", "Dariusz Mell", "Vera Stancu"
# Names that denote the same person -> canonical person. A spinner's garbled
# name (Brezak -> Brozek) is deliberately NOT listed: the same words given to
# a differently named speaker are a speaker conflict, which is what a reader
# checking the spun copy needs to see.
SAME_PERSON = {}


def person(name):
    return SAME_PERSON.get(name, name) if name else None


# --------------------------------------------------------------------------- documents
# id: (outlet, role, source_of, notes)
A, B = "01-meridian-dam-summit", "07-lowland-wire-dam-talks"
DOCS = {
    A: ("Meridian Press (agency A)", "original", None,
        "Original wire story: 7 direct quotes (one split after the attribution, one split mid-sentence, "
        "one three-paragraph quote) from 4 speakers, 5 fragments, 1 scare quote."),
    "02-dravec-courier-reprint": ("The Dravec Courier", "reprint", A,
        "Verbatim reprint wrapped in site furniture; adds a pull quote (a truncated repeat of a body quote)."),
    "03-riverwatch-reprint": ("RiverWatch Daily", "reprint", A,
        "Verbatim reprint, one paragraph per line, blog furniture, reader comments (one quotes the minister), "
        "a quoted headline in the comments header."),
    "04-eastbank-news-trimmed": ("Eastbank News Network", "reprint", A,
        "Trimmed reprint: the first half of the original, verbatim, then furniture."),
    "05-ostrel-observer-rewrite": ("The Ostrel Observer", "rewrite", A,
        "Rewrite: re-ordered, truncated quotes, a split quote re-joined, two quotes merged with an ellipsis, "
        "one quote split in two, paraphrase, quoted words reused without quote marks."),
    "06-dailynewsflow-spun": ("DailyNewsFlow24", "spun", A,
        "Machine-spun copy of 01: synonyms swapped in text and quotes, Brezak garbled to Brozek, "
        "a Rell quote attributed to Brozek."),
    B: ("Lowland Wire (agency B)", "wire2", None,
        "Independent second wire story, straight quotes and apostrophes; shares quotes with 01 "
        "exactly, normalized, truncated, with a word swapped and with a clause dropped; has its own quotes."),
    "08-halvard-post-reprint": ("Port Halvard Post", "reprint", B,
        "Reprint of 07 with a new headline, two paragraphs dropped, one local paragraph added."),
    "09-nordmark-tagblatt-de": ("Nordmark Tagblatt", "foreign", None,
        "German report with „…“ quotes: translated quotes plus one quote kept in English."),
    "10-radio-selva-brief": ("Radio Selva 98.4 FM", "brief", None,
        "Very short brief with one truncated quote."),
    "11-selva-today-portal": ("Selva Today", "brief", A,
        "Portal page that is mostly furniture: headline and first paragraph of 01 plus a pull quote."),
    "12-worldnews24-spun-homoglyph": ("WorldNews24.live", "spun", B,
        "Spun copy of 07 with Cyrillic look-alike letters in names and inside some quotes."),
    "13-selva-review-column": ("The Selva Review", "rewrite", A,
        "Opinion column in British style (‘…’ quotes): truncated and normalized quotes, a phrase "
        "reused without quote marks (also in the headline)."),
    "14-ostrel-observer-fishers": ("The Ostrel Observer", "unrelated", None,
        "Unrelated: fishers' blockade over delta pollution (June 2025)."),
    "15-serelin-herald-solar": ("Serelin Herald", "unrelated", None,
        "Unrelated: Marvenian solar auction; mentions the dam (Sept 2025)."),
    "16-meridian-talvenne-trade": ("Meridian Press (agency A)", "unrelated", None,
        "Unrelated: same agency and same minister (Brezak), different event and quotes (Sept 2025)."),
    "17-lowland-wire-sturgeon": ("Lowland Wire (agency B)", "unrelated", None,
        "Unrelated: same agency and same scientist (Sorensen), sturgeon study (Aug 2025)."),
    "18-dravec-courier-floodwall": ("The Dravec Courier", "unrelated", None,
        "Unrelated: same outlet furniture and same mayor (Castell), flood wall (April 2025)."),
}
# relation overrides for source_of pairs (default follows the role)
RELATION_OVERRIDE = {("01-meridian-dam-summit", "13-selva-review-column"): "shared-quotes"}

# --------------------------------------------------------------------------- quote specs


class Q:
    """A quote: text between the marks; fam = family keys, optionally 'KEY:kind'."""

    def __init__(self, text, kind="full", group=None, speaker=None, flags=(), fam=None, occ=0):
        assert kind in ("full", "fragment")
        self.text, self.kind, self.group, self.speaker = text, kind, group, speaker
        self.flags, self.occ = list(flags), occ
        self.fam = [fam] if isinstance(fam, str) else list(fam or [])


class U:
    """Unquoted reuse: a run of words in running text that belongs to a family."""

    def __init__(self, text, fam, occ=0):
        self.text, self.fam, self.occ = text, fam, occ


SPLIT, PRON, MULTI = "split", "pronoun-attribution", "multi-paragraph"

QUOTES = {}
UNQUOTED = {}
INHERIT = {  # verbatim reprints: copy every source quote whose text is found as a quote
    "02-dravec-courier-reprint": A,
    "03-riverwatch-reprint": A,
    "04-eastbank-news-trimmed": A,
    "08-halvard-post-reprint": B,
}

QUOTES[A] = [
    Q("frank", "fragment", speaker=BREZAK, fam="A.frank"),
    Q("necessary,", "fragment", speaker=BREZAK, fam="A.necessary"),
    Q("I believe that Commissioner Rell and I now understand each other’s red lines far better "
      "than we did this morning,", group="G1", speaker=BREZAK, flags=[SPLIT], fam="A.G1p1"),
    Q("That is exactly what an emergency summit is for, and in that sense it was useful.",
      group="G1", speaker=BREZAK, flags=[SPLIT], fam="A.G1p2"),
    Q("a start, not a solution.", "fragment", speaker=RELL, fam="A.start"),
    Q("The river does not stop at the border,", group="G2", speaker=RELL, flags=[SPLIT, PRON], fam="A.G2p1"),
    Q("and neither does our responsibility to the people who live along it.", group="G2",
      speaker=RELL, flags=[SPLIT, PRON], fam="A.G2p2"),
    Q("referee with a stopwatch.", "fragment", speaker=RELL, fam="A.referee"),
    Q("If the numbers at Dravec fall below the agreed line, we will not need another summit to find "
      "out. We will know within six hours, and so will everyone else,", speaker=RELL, fam="A.G3"),
    Q("Three weeks ago my grandchildren were still swimming off the harbour wall. Today you can walk "
      "halfway across the river without getting your knees wet.", group="G4", speaker=CASTELL,
      flags=[MULTI, "preceding-attribution"], fam="A.G4p1"),
    Q("The farmers on the east bank have already lost their second harvest. If the water is not back "
      "before the first frost, some of them will not sow again next year.", group="G4", speaker=CASTELL,
      flags=[MULTI, "preceding-attribution"], fam="A.G4p2"),
    Q("We are not asking Marvenia to tear down its dam. We are asking Marvenia to remember that there "
      "are towns downstream.", group="G4", speaker=CASTELL, flags=[MULTI, "preceding-attribution"],
      fam="A.G4p3"),
    Q("perhaps forty centimetres,", "fragment", speaker=SORENSEN, fam="A.perhaps"),
    Q("Forty centimetres buys time. It does not buy back the wetlands, and it does nothing for the "
      "groundwater that the east-bank wells depend on,", speaker=SORENSEN, fam="A.G5"),
    Q("green battery", "fragment", speaker=None, flags=["scare"], fam="A.green"),
    Q("We shared every filling schedule with Ostrel eighteen months before the first gate was closed, "
      "and we will share the next one before it is adopted,", speaker=BREZAK, flags=[PRON], fam="A.G6"),
    Q("Rivers have outlasted every government that ever argued over them, and I would like this one to "
      "outlast our argument as well,", speaker=BREZAK, flags=[PRON], fam="A.G7"),
]

# 02 and 03 and 04 inherit from 01; extras:
QUOTES["02-dravec-courier-reprint"] = [
    Q("Forty centimetres buys time.", speaker=SORENSEN, flags=["pull-quote"], fam="A.G5"),
]
QUOTES["03-riverwatch-reprint"] = [
    Q("Marvenia and Ostrel agree 30-day water release as dam summit ends without deal",
      speaker=None, flags=["title"]),
    Q("that is exactly what an emergency summit is for", "fragment", speaker=BREZAK,
      flags=["reader-comment", "role-attribution"], fam="A.G1p2"),
]
QUOTES["04-eastbank-news-trimmed"] = []

QUOTES["05-ostrel-observer-rewrite"] = [
    Q("The river does not stop at the border, and neither does our responsibility to the people who "
      "live along it,", speaker=RELL, flags=[PRON], fam=["A.G2p1:merged", "A.G2p2:merged"]),
    Q("We are not asking Marvenia to tear down its dam,", speaker=CASTELL, flags=[PRON], fam="A.G4p3"),
    Q("If the numbers at Dravec fall below the agreed line, we will not need another summit to find out,",
      group="R", speaker=RELL, flags=[SPLIT], fam="A.G3:split"),
    Q("We will know within six hours.", group="R", speaker=RELL, flags=[SPLIT], fam="A.G3:split"),
    Q("understand each other’s red lines far better", "fragment", speaker=BREZAK, fam="A.G1p1"),
    Q("We shared every filling schedule with Ostrel eighteen months before the first gate was closed … "
      "Rivers have outlasted every government that ever argued over them,", speaker=BREZAK,
      flags=["ellipsis-merge"], fam=["A.G6:merged", "A.G7:merged"]),
    Q("come back with a bucket when it went to fetch a river", "fragment", speaker=STANCU),
]
UNQUOTED["05-ostrel-observer-rewrite"] = [
    U("you can walk halfway across the river without getting your knees wet", "A.G4p1"),
    U("farmers on the east bank have already lost their second harvest", "A.G4p2"),
    U("referee with a stopwatch", "A.referee"),
]

RN = "renamed-speaker"
QUOTES["06-dailynewsflow-spun"] = [
    Q("frank", "fragment", speaker=BROZEK, flags=[RN], fam="A.frank"),
    Q("necessary,", "fragment", speaker=BROZEK, flags=[RN], fam="A.necessary"),
    Q("I think Commissioner Rell and I now comprehend each other’s red lines much better than we did "
      "this morning,", group="G1", speaker=BROZEK, flags=[SPLIT, RN], fam="A.G1p1"),
    Q("That is precisely what an emergency summit is for, and in that sense it was helpful.",
      group="G1", speaker=BROZEK, flags=[SPLIT, RN], fam="A.G1p2"),
    Q("a start, not a solution.", "fragment", speaker=RELL, fam="A.start"),
    Q("The river does not end at the border,", group="G2", speaker=RELL, flags=[SPLIT, PRON], fam="A.G2p1"),
    Q("and neither does our duty to the people who reside along it.", group="G2", speaker=RELL,
      flags=[SPLIT, PRON], fam="A.G2p2"),
    Q("referee with a timer.", "fragment", speaker=RELL, fam="A.referee"),
    Q("If the figures at Dravec drop below the agreed line, we will not require another summit to find "
      "out. We will know within six hours, and so will everybody else,", speaker=BROZEK,
      flags=["misattributed", RN], fam="A.G3"),
    Q("Three weeks ago my grandchildren were still swimming off the harbour wall. Today you can stroll "
      "halfway across the river without getting your knees wet.", group="G4", speaker=CASTELL,
      flags=[MULTI, "preceding-attribution"], fam="A.G4p1"),
    Q("The farmers on the east bank have actually currently lost their second harvest. If the water is "
      "not back before the first frost, some of them will not plant again next year.", group="G4",
      speaker=CASTELL, flags=[MULTI, "preceding-attribution"], fam="A.G4p2"),
    Q("We are not asking Marvenia to demolish its dam. We are asking Marvenia to keep in mind that there "
      "are towns downstream.", group="G4", speaker=CASTELL, flags=[MULTI, "preceding-attribution"],
      fam="A.G4p3"),
    Q("maybe forty centimetres,", "fragment", speaker=SORENSEN, fam="A.perhaps"),
    Q("Forty centimetres buys time. It does not buy back the marshlands, and it does nothing for the "
      "groundwater that the east-bank wells rely on,", speaker=SORENSEN, fam="A.G5"),
    Q("green battery", "fragment", speaker=None, flags=["scare"], fam="A.green"),
    Q("We shared every filling timetable with Ostrel eighteen months before the first gate was shut, and "
      "we will share the next one before it is embraced,", speaker=BROZEK, flags=[PRON, RN], fam="A.G6"),
    Q("Rivers have outlasted every government that ever argued over them, and I would like this one to "
      "outlast our argument as well,", speaker=BROZEK, flags=[PRON, RN], fam="A.G7"),
]

QUOTES[B] = [
    Q("We came to Dravec to listen, and we have listened,", speaker=BREZAK, fam="B.listen"),
    Q("I believe that Commissioner Rell and I now understand each other's red lines far better than we "
      "did this morning,", speaker=BREZAK, flags=[PRON], fam="A.G1p1"),
    Q("a start, not a solution.", "fragment", speaker=RELL, fam="A.start"),
    Q("If the numbers at Dravec dip below the agreed line, we will not need another summit to find out. "
      "We will know within six hours, and so will everyone else,", speaker=RELL, fam="A.G3"),
    Q("today you can walk halfway across the river without getting your knees wet", "fragment",
      speaker=CASTELL, fam="A.G4p1"),
    Q("I have two boats sitting in the mud and eleven crew I cannot pay,", speaker=BREL, flags=[PRON],
      fam="B.brel"),
    Q("Forty centimetres buys time. It does nothing for the groundwater that the east-bank wells depend on,",
      speaker=SORENSEN, fam="A.G5"),
    Q("The reservoir is being filled within every limit set out in the 1998 Selva Treaty, and nobody in "
      "Serelin has broken a single rule,", speaker=MELL, fam="B.mell"),
    Q("Rivers have outlasted every government that ever argued over them, and I would like this one to "
      "outlast our argument as well,", speaker=BREZAK, flags=[PRON], fam="A.G7"),
]
QUOTES["08-halvard-post-reprint"] = []  # all inherited from 07

TR = "translation"
QUOTES["09-nordmark-tagblatt-de"] = [
    Q("Wir verstehen die roten Linien des anderen jetzt deutlich besser als noch heute Morgen",
      speaker=BREZAK, flags=[TR]),
    Q("That is exactly what an emergency summit is for, and in that sense it was useful.",
      speaker=BREZAK, flags=["original-language", PRON], fam="A.G1p2"),
    Q("einem Anfang, keiner Lösung", "fragment", speaker=RELL, flags=[TR]),
    Q("Vor drei Wochen sind meine Enkel noch von der Hafenmauer aus geschwommen. Heute kann man durch "
      "den halben Fluss waten, ohne nasse Knie zu bekommen.", speaker=CASTELL, flags=[TR]),
    Q("vielleicht vierzig Zentimeter", "fragment", speaker=SORENSEN, flags=[TR]),
    Q("Flüsse haben noch jede Regierung überdauert, die sich über sie gestritten hat.", speaker=BREZAK,
      flags=[TR]),
]

QUOTES["10-radio-selva-brief"] = [
    Q("Forty centimetres buys time,", speaker=SORENSEN, fam="A.G5"),
]

QUOTES["11-selva-today-portal"] = [
    Q("Rivers have outlasted every government that ever argued over them.", speaker=BREZAK,
      flags=["pull-quote"], fam="A.G7"),
]

CF, CFS = "confusable", "confusable-speaker"
QUOTES["12-worldnews24-spun-homoglyph"] = [
    Q("We came to Dr\u0430vec to listen, and we have listened,", speaker=BREZAK, flags=[CF, CFS],
      fam="B.listen"),
    Q("I believe that Commissioner R\u0435ll and I now understand each other's red lines far better than "
      "we did this morning,", speaker=BREZAK, flags=[CF, PRON], fam="A.G1p1"),
    Q("a start, not a solution.", "fragment", speaker=RELL, fam="A.start"),
    Q("If the numbers at Dravec dip below the agreed line, we will not need another summit to find out. "
      "We will know within six hours, and so will everybody else,", speaker=RELL, flags=[CFS], fam="A.G3"),
    Q("today you can walk halfway across the river without getting your knees wet", "fragment",
      speaker=CASTELL, fam="A.G4p1"),
    Q("I have two boats sitting in the mud and eleven crew I cannot pay,", speaker=BREL, flags=[PRON],
      fam="B.brel"),
    Q("Forty centimetres buys time. It does nothing for the gr\u043eundwater that the east-bank wells "
      "depend on,", speaker=SORENSEN, flags=[CF], fam="A.G5"),
    Q("The reservoir is being filled within every limit set out in the 1998 Selva Treaty, and nobody in "
      "Serelin has broken one single rule,", speaker=MELL, fam="B.mell"),
    Q("Rivers have outlasted every government that ever argued over them, and I would like this one to "
      "outlast our argument as well,", speaker=BREZAK, flags=[PRON, CFS], fam="A.G7"),
]

QUOTES["13-selva-review-column"] = [
    Q("exactly what an emergency summit is for", "fragment", speaker=BREZAK, flags=[PRON], fam="A.G1p2"),
    Q("Forty centimetres buys time. It does not buy back the wetlands, and it does nothing for the "
      "groundwater that the east\u2011bank wells depend on,", speaker=SORENSEN, flags=[PRON], fam="A.G5"),
    Q("We are asking Marvenia to remember that there are towns downstream.", speaker=CASTELL, fam="A.G4p3"),
]
UNQUOTED["13-selva-review-column"] = [
    U("referee with a stopwatch", "A.referee", occ=0),  # headline
    U("referee with a stopwatch", "A.referee", occ=1),
    U("referee with a stopwatch", "A.referee", occ=2),
]

OKSEN, VENN = "Marit Oksen", "Lukas Venn"
QUOTES["14-ostrel-observer-fishers"] = [
    Q("We have pulled nets full of dead eels three weeks running, and nobody in the capital will tell us why,",
      group="O1", speaker=OKSEN, flags=[SPLIT]),
    Q("If the ministry will not test the water, we will pay someone who does.", group="O1", speaker=OKSEN,
      flags=[SPLIT]),
    Q("irresponsible", "fragment", speaker=VENN),
    Q("I have a harbour to run and contracts to honour,", group="V1", speaker=VENN, flags=[SPLIT]),
    Q("But I also eat the fish from this delta, and I want answers as much as they do.", group="V1",
      speaker=VENN, flags=[SPLIT]),
    # "The Ministry of Environment said … “within seasonal norms”": an
    # organisation speaking is the speaker (as in tests/fixtures/quotes)
    Q("within seasonal norms", "fragment", speaker="Ministry of Environment"),
    Q("We are not chemists,", group="O2", speaker=OKSEN, flags=[SPLIT, PRON]),
    Q("We are people who can count dead fish.", group="O2", speaker=OKSEN, flags=[SPLIT, PRON]),
]
DOBREV = "Kasimir Dobrev"
QUOTES["15-serelin-herald-solar"] = [
    Q("We want the cheapest clean power we can find, and we do not much mind whose flag is on the panels,",
      speaker=DOBREV),
    Q("Sun by day, water by night,", group="D2", speaker=DOBREV, flags=[SPLIT, PRON]),
    Q("That is the whole plan in five words.", group="D2", speaker=DOBREV, flags=[SPLIT, PRON]),
    Q("A licence without a cable is just a very expensive piece of paper,", speaker="Ana Lisic", flags=[PRON]),
]
MORAVEC = "Ansel Moravec"
QUOTES["16-meridian-talvenne-trade"] = [
    Q("I believe that trade between our two countries has been held back by paperwork for far too long,",
      speaker=BREZAK, flags=[PRON]),
    Q("modest but useful", "fragment", speaker=MORAVEC),
    Q("Nobody writes poems about customs forms,", group="M", speaker=MORAVEC, flags=[SPLIT]),
    Q("But every hour a lorry waits at the border is an hour somebody pays for.", group="M",
      speaker=MORAVEC, flags=[SPLIT]),
    Q("That is a conversation for next year, when the water is in the lake and not just on the drawings,",
      speaker=BREZAK, flags=[PRON]),
]
LINT = "Paavo Lint"
QUOTES["17-lowland-wire-sturgeon"] = [
    Q("We had almost stopped hoping. Then the receivers started pinging at two in the morning and would "
      "not stop,", speaker=SORENSEN),
    Q("Forty fish is a beginning. It is not yet a population,", speaker=LINT, flags=[PRON]),
    Q("Sturgeon need moving water over clean gravel. Take away either one and they will go back to the sea,",
      speaker=LINT, flags=[PRON]),
]
QUOTES["18-dravec-courier-floodwall"] = [
    Q("Last April we were bailing out the library with saucepans,", group="C", speaker=CASTELL,
      flags=[SPLIT]),
    Q("This April we were watching the river from behind two metres of concrete, and I slept through "
      "the night for the first time in a week.", group="C", speaker=CASTELL, flags=[SPLIT]),
    Q("eyesore", "fragment", speaker=None, flags=["scare"]),
    Q("I still think it is ugly,", group="N", speaker="Teodor Nagy", flags=[SPLIT, PRON]),
    Q("But ugly and dry is better than pretty and underwater.", group="N", speaker="Teodor Nagy",
      flags=[SPLIT, PRON]),
]

UNRELATED_EXAMPLES = [
    (A, "16-meridian-talvenne-trade"),        # same agency, same minister, "I believe that ..."
    (B, "17-lowland-wire-sturgeon"),          # same agency, same scientist, "Forty fish ..."
    ("02-dravec-courier-reprint", "18-dravec-courier-floodwall"),  # same site furniture, same mayor
    ("05-ostrel-observer-rewrite", "14-ostrel-observer-fishers"),  # same outlet
    (A, "15-serelin-herald-solar"),           # mentions the same dam
    (A, "14-ostrel-observer-fishers"),
    (A, "18-dravec-courier-floodwall"),
    (B, "14-ostrel-observer-fishers"),
    ("06-dailynewsflow-spun", "17-lowland-wire-sturgeon"),
    ("09-nordmark-tagblatt-de", "15-serelin-herald-solar"),
    ("10-radio-selva-brief", "17-lowland-wire-sturgeon"),
    ("11-selva-today-portal", "15-serelin-herald-solar"),
    ("13-selva-review-column", "16-meridian-talvenne-trade"),
    ("14-ostrel-observer-fishers", "15-serelin-herald-solar"),
    ("16-meridian-talvenne-trade", "17-lowland-wire-sturgeon"),
]

# Intended kinds for the pairs that demonstrate something (checked after computing).
EXPECT = [
    ("A.G1p1", "07", "normalized"), ("A.G1p1", "05", "truncated"), ("A.G1p1", "06", "altered"),
    ("A.G1p1", "12", "normalized"), ("A.G1p2", "09", "exact"), ("A.G1p2", "13", "truncated"),
    ("A.G1p2", "03", "truncated"), ("A.G2p1", "05", "merged"), ("A.G3", "05", "split"),
    ("A.G3", "07", "altered"), ("A.G4p1", "07", "truncated"), ("A.G4p1", "05", "unquoted"),
    ("A.G5", "07", "altered"), ("A.G5", "13", "normalized"), ("A.G5", "10", "truncated"),
    ("A.G5", "02", "truncated"), ("A.G6", "05", "merged"), ("A.G7", "07", "exact"),
    ("A.G7", "06", "exact"), ("A.G7", "11", "truncated"), ("A.start", "07", "exact"),
    ("A.referee", "06", "altered"), ("A.referee", "13", "unquoted"),
    ("B.listen", "12", "normalized"), ("B.mell", "12", "altered"), ("B.brel", "08", "exact"),
]

# --------------------------------------------------------------------------- text helpers
OPENERS_DEFAULT = "“‘«"
CLOSERS = "”“’»\""
CONFUSABLES = str.maketrans({
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y",
    "\u0445": "x", "\u0456": "i", "\u0410": "A", "\u0415": "E", "\u041e": "O", "\u0420": "P",
    "\u0421": "C", "\u0422": "T", "\u041d": "H", "\u041a": "K", "\u041c": "M", "\u0412": "B",
})
QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                            "«": '"', "»": '"'})
DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def norm(s):
    s = unicodedata.normalize("NFKC", s).translate(CONFUSABLES).translate(QUOTE_FOLD)
    s = DASHES.sub("-", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


def toks(s):
    return WORD.findall(norm(s))


def contiguous(small, big):
    n = len(small)
    return n > 0 and any(big[i:i + n] == small for i in range(len(big) - n + 1))


def classify(a, b):
    """Kind of the relation between quote text a and quote text b (+ word edits)."""
    if a == b:
        return "exact", []
    ta, tb = toks(a), toks(b)
    if ta == tb:
        return "normalized", []
    if contiguous(ta, tb) or contiguous(tb, ta):
        return "truncated", []
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    if sm.ratio() < 0.5:
        raise ValueError(f"not similar enough to be a match:\n  {a}\n  {b}")
    edits = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        edits.append({"op": {"replace": "sub", "delete": "del", "insert": "ins"}[op],
                      "a": " ".join(ta[i1:i2]), "b": " ".join(tb[j1:j2])})
    return "altered", edits


# --------------------------------------------------------------------------- build
errors = []


def err(msg):
    errors.append(msg)


def load(doc):
    path = HERE / f"{doc}.txt"
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "\r" not in text, doc
    return text, raw


def openers_for(text):
    return "„" if "„" in text else OPENERS_DEFAULT


def quote_candidates(text, q_text, multi):
    """Char offsets where q_text occurs as a properly delimited quote span."""
    out = []
    ops = openers_for(text) + '"'
    for m in re.finditer(re.escape(q_text), text):
        s, e = m.start(), m.end()
        before = text[:s].rstrip(" \t")
        if not before or before[-1] not in ops:
            continue
        after = text[e:e + 1]
        if after and after in CLOSERS:
            out.append((s, e))
        elif multi and (after == "\n"):
            out.append((s, e))
    return out


def byte_off(text, i):
    return len(text[:i].encode("utf-8"))


def build():
    texts = {d: load(d) for d in DOCS}
    # inherit reprint quotes
    for doc, src in INHERIT.items():
        extra = QUOTES.get(doc, [])
        inherited = []
        for q in QUOTES[src]:
            if quote_candidates(texts[doc][0], q.text, MULTI in q.flags):
                inherited.append(Q(q.text, q.kind, q.group, q.speaker, q.flags, q.fam, q.occ))
        QUOTES[doc] = inherited + extra

    quotes_out, members = {}, {}   # members[fam] -> list of dicts
    qindex = {}                     # (doc, char_start) -> quote record
    for doc in DOCS:
        text, raw = texts[doc]
        recs = []
        for q in QUOTES.get(doc, []):
            if q.text != q.text.strip():
                err(f"{doc}: quote not trimmed: {q.text!r}")
            cands = quote_candidates(text, q.text, MULTI in q.flags)
            if len(cands) <= q.occ:
                err(f"{doc}: quote not found as quote span: {q.text!r}")
                continue
            s, e = cands[q.occ]
            if q.speaker and q.speaker not in text:
                err(f"{doc}: speaker {q.speaker!r} not in document")
            recs.append((s, e, q))
        recs.sort(key=lambda r: r[0])
        for (s1, e1, q1), (s2, e2, q2) in zip(recs, recs[1:]):
            if s2 < e1:
                err(f"{doc}: overlapping quotes {q1.text!r} / {q2.text!r}")
        # group numbering in order of appearance
        gmap, out = {}, []
        for s, e, q in recs:
            label = q.group if q.group is not None else ("#", s)
            if label not in gmap:
                gmap[label] = len(gmap)
            bs, be = byte_off(text, s), byte_off(text, e)
            assert raw[bs:be].decode("utf-8") == q.text
            rec = {"start": bs, "end": be, "text": q.text, "kind": q.kind, "group": gmap[label],
                   "speaker": q.speaker, "flags": q.flags}
            out.append(rec)
            qindex[(doc, s)] = rec
            for f in q.fam:
                key, _, forced = f.partition(":")
                members.setdefault(key, []).append(
                    {"doc": doc, "start": bs, "end": be, "text": q.text, "speaker": q.speaker,
                     "forced": forced or None, "quoted": True})
        quotes_out[doc] = out
        check_unannotated(doc, text, recs)

    for doc, us in UNQUOTED.items():
        text, raw = texts[doc]
        spans = [(s, s + len(rec["text"])) for (d, s), rec in qindex.items() if d == doc]
        for u in us:
            found = [m.start() for m in re.finditer(re.escape(u.text), text)
                     if not any(a <= m.start() < b for a, b in spans)]
            if len(found) <= u.occ:
                err(f"{doc}: unquoted run not found outside quotes: {u.text!r}")
                continue
            s = found[u.occ]
            bs, be = byte_off(text, s), byte_off(text, s + len(u.text))
            members.setdefault(u.fam, []).append(
                {"doc": doc, "start": bs, "end": be, "text": u.text, "speaker": None,
                 "forced": "unquoted", "quoted": False})

    # ----- matches: every member in 01 / 07 against every member elsewhere
    matches, seen = [], set()
    for fam, ms in members.items():
        pivots = [m for m in ms if m["doc"] in (A, B) and m["quoted"]]
        if not any(m["doc"] == A for m in ms) and not fam.startswith("B."):
            err(f"family {fam} has no member in 01")
        for p in pivots:
            for x in ms:
                if x["doc"] == p["doc"]:
                    continue
                if p["doc"] == B and x["doc"] == A:
                    continue  # listed once, as 01 -> 07
                key = (p["doc"], p["start"], x["doc"], x["start"])
                if key in seen:
                    continue
                seen.add(key)
                if x["forced"]:
                    kind, edits = x["forced"], []
                else:
                    kind, edits = classify(p["text"], x["text"])
                conflict = bool(p["speaker"] and x["speaker"] and person(p["speaker"]) != person(x["speaker"]))
                matches.append({"a": {"doc": p["doc"], "start": p["start"], "end": p["end"]},
                                "b": {"doc": x["doc"], "start": x["start"], "end": x["end"]},
                                "kind": kind, "edits": edits, "speaker_conflict": conflict,
                                "_fam": fam, "_a": p["text"], "_b": x["text"]})
    matches.sort(key=lambda m: (m["a"]["doc"], m["a"]["start"], m["b"]["doc"], m["b"]["start"]))

    for fam, docpfx, kind in EXPECT:
        if not any(m["_fam"] == fam and m["b"]["doc"].startswith(docpfx + "-") and m["kind"] == kind
                   and m["a"]["doc"] == (B if fam.startswith("B.") else A) for m in matches):
            err(f"expected a {kind} match for {fam} in {docpfx}")

    # ----- related pairs
    related = {}

    def add(a, b, rel):
        a, b = sorted((a, b))
        related.setdefault((a, b), rel)

    for doc, (_, role, src, _) in DOCS.items():
        if src:
            rel = RELATION_OVERRIDE.get((src, doc)) or {"reprint": "reprint", "brief": "reprint",
                                                          "rewrite": "rewrite", "spun": "spun"}[role]
            add(src, doc, rel)
    reprints = {}
    for doc, (_, role, src, _) in DOCS.items():
        if role == "reprint" and src:
            reprints.setdefault(src, []).append(doc)
    for sibs in reprints.values():
        for a, b in itertools.combinations(sibs, 2):
            add(a, b, "reprint")
    for fam, ms in members.items():
        for a, b in itertools.combinations({m["doc"] for m in ms}, 2):
            add(a, b, "shared-quotes")
    unrelated_docs = {d for d, v in DOCS.items() if v[1] == "unrelated"}
    for (a, b) in related:
        if a in unrelated_docs or b in unrelated_docs:
            err(f"unrelated document in a related pair: {a} {b}")
    for a, b in UNRELATED_EXAMPLES:
        if tuple(sorted((a, b))) in related:
            err(f"pair listed as unrelated is related: {a} {b}")

    if errors:
        print("\n".join("ERROR: " + e for e in errors), file=sys.stderr)
        sys.exit(1)

    ann = {
        "version": 1,
        "event": EVENT,
        "documents": {d: {"outlet": o, "role": r, "source_of": s, "notes": n}
                      for d, (o, r, s, n) in DOCS.items()},
        "quotes": quotes_out,
        "related_pairs": [{"a": a, "b": b, "relation": r} for (a, b), r in sorted(related.items())],
        "unrelated_pairs_examples": [list(p) for p in UNRELATED_EXAMPLES],
        "quote_matches": [{k: v for k, v in m.items() if not k.startswith("_")} for m in matches],
    }
    (HERE / "annotations.json").write_text(json.dumps(ann, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    return ann, matches


def check_unannotated(doc, text, recs):
    """Every opening quote mark in the file must open an annotated span."""
    starts = {s for s, _, _ in recs}
    ops = openers_for(text)
    opens = [m.end() for m in re.finditer(f"[{ops}]", text)]
    straight = [m.start() for m in re.finditer('"', text)]
    if len(straight) % 2:
        err(f"{doc}: odd number of straight double quotes")
    opens += [i + 1 for i in straight[0::2]]
    for o in opens:
        j = o
        while j < len(text) and text[j] in " \t":
            j += 1
        if j not in starts:
            err(f"{doc}: quote mark at char {o - 1} opens no annotated quote: {text[o - 1:o + 40]!r}")
    if len(opens) != len(recs):
        err(f"{doc}: {len(opens)} opening marks but {len(recs)} annotated quotes")


if __name__ == "__main__":
    ann, matches = build()
    from collections import Counter
    nq = sum(len(v) for v in ann["quotes"].values())
    print(f"documents: {len(ann['documents'])}  quotes: {nq}  matches: {len(matches)}  "
          f"related pairs: {len(ann['related_pairs'])}")
    print("quotes by kind:", dict(Counter(q["kind"] for v in ann["quotes"].values() for q in v)))
    print("matches by kind:", dict(Counter(m["kind"] for m in matches)))
    print("speaker conflicts:", sum(m["speaker_conflict"] for m in matches))
    if "-v" in sys.argv:
        for m in matches:
            print(f"{m['a']['doc'][:2]}->{m['b']['doc'][:2]} {m['kind']:10} {m['_fam']:10} "
                  f"{'CONFLICT ' if m['speaker_conflict'] else ''}{m['edits'] or ''}\n    a: {m['_a']}\n    b: {m['_b']}")
