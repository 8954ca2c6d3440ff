#!/usr/bin/python3
"""Generate a deterministic synthetic news corpus for tests and benchmarks.

Every article is built from our own templates: a headline, a few paragraphs
of running text, and one to three quotations drawn from a small pool, some
reprinted exactly, some with a word changed, some cut short, some with
straight quote marks. Same arguments, same corpus.

    /usr/bin/python3 scripts/gen_quote_corpus.py 3000 out.cbor
"""
import random
import sys

SPEAKERS = ["Marit Olafsdottir", "Teodor Vancea", "Priya Raghunathan", "Oskar Lindqvist",
            "Amara Nwosu", "Jonas Petrauskas", "Leila Haddad", "Tomasz Wieczorek"]
ROLES = ["the harbour commissioner", "a council member", "the transport minister",
         "the union chair", "a local shop owner", "the regional planner"]
SUBJECTS = ["the ferry timetable", "the new tram line", "the flood barrier", "the fish market",
            "the bridge repairs", "the school budget", "the wind farm", "the night buses"]
OPENERS = ["We have waited long enough for", "Nobody in this town asked for",
           "I am proud of the work done on", "There is no money left for",
           "Every family here depends on", "It would be a mistake to delay"]
CLOSERS = [  # unused in quotes (shared endings would link every quote)"and we will keep pressing until it is fixed", "so the vote next month matters",
           "which is why the plan must change", "even if the costs keep rising",
           "because the winter storms will not wait", "and the residents deserve better"]
FILLER = ["Officials met for several hours on Tuesday.", "The proposal goes to a vote in spring.",
          "Critics say the figures do not add up.", "Traffic was diverted along the quay.",
          "A public hearing is planned for next week.", "The council published its report online.",
          "Residents gathered outside the town hall.", "Engineers are due to inspect the site."]


SYLLABLES = ["ka", "lo", "mer", "tan", "vi", "sul", "dor", "pe", "ran", "th", "ol", "bri",
             "se", "gu", "nim", "fa", "ro", "wel", "ch", "ist"]


def vocabulary(rng, n):
    """n distinct made-up words, so that different quotes share few words."""
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
    return sorted(words)


def quote_pool(rng, n):
    vocab = vocabulary(rng, 600)
    pool = []
    for i in range(n):
        body = " ".join(rng.choice(vocab) for _ in range(rng.randint(6, 10)))
        words = f"{rng.choice(OPENERS).split()[0]} {body}."
        pool.append((words, SPEAKERS[i % len(SPEAKERS)]))
    return pool


def variant(rng, text):
    r = rng.random()
    if r < 0.5:
        return text
    words = text.rstrip(".").split()
    if r < 0.7:  # two words trade places
        k = rng.randrange(1, len(words) - 1)
        words[k], words[k + 1] = words[k + 1], words[k]
        return " ".join(words) + "."
    if r < 0.85:  # cut short
        return " ".join(words[:rng.randint(5, len(words) - 1)]) + "."
    return text.upper()


def article(rng, i, pool):
    subject = rng.choice(SUBJECTS)
    paras = [f"Town debates {subject} (report {i})"]
    for _ in range(rng.randint(1, 3)):
        q, who = rng.choice(pool)
        body = variant(rng, q)
        open_, close = ("\u201c", "\u201d") if rng.random() < 0.8 else ('"', '"')
        paras.append(" ".join(rng.sample(FILLER, 2)))
        paras.append(f"{open_}{body}{close} said {who}, {rng.choice(ROLES)}.")
    paras.append(rng.choice(FILLER))
    return "\n\n".join(paras) + "\n"


def generate(n, seed=8, pool_size=None):
    """n documents as (id, text) pairs."""
    rng = random.Random(seed)
    pool = quote_pool(rng, pool_size or max(8, n // 2))
    return [(f"gen{i:05d}", article(rng, i, pool)) for i in range(n)]


def main(argv):
    n, out = int(argv[1]), argv[2]
    sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__), "..", "python"))
    import verbatim
    with open(out, "wb") as f:
        f.write(verbatim.write_documents({"id": i, "text": t} for i, t in generate(n)))


if __name__ == "__main__":
    main(sys.argv)
