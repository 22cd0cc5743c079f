#!/usr/bin/env python3
"""Writes data/lexicon/en/person_nouns.tsv: the nouns that name people, from WordNet.

Every common-noun lemma under WordNet's person.n.01 (and operator.n.02) (hyponyms, not named instances) whose most
frequent noun sense is a person, so that "fan", "head" or "star", more often not people, stay
out. Each comes with its plural (WordNet's noun.exc for irregular ones, English spelling rules
for the rest). The claim lexicon reads the file after counted_nouns.tsv, which wins on overlap.

Needs the Debian package wordnet-base (scripts/install-deps.sh).
  scripts/person_nouns.py [WORDNET_DIR] > data/lexicon/en/person_nouns.tsv
"""
import collections
import re
import sys

# person.n.01 "a human being", and operator.n.02 "an agent that operates some apparatus or
# machine", where WordNet files drivers, motorists and pilots instead
ROOTS = ["00007846", "10378412"]
WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def read_synsets(path):
    """offset -> (lemmas, hyponym offsets); named instances (~i) are not followed."""
    synsets = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            offset, count = fields[0], int(fields[3], 16)
            lemmas = [fields[4 + 2 * i] for i in range(count)]
            rest = fields[4 + 2 * count:]
            pointers = int(rest[0])
            hyponyms = [rest[1 + 4 * i + 1] for i in range(pointers) if rest[1 + 4 * i] == "~"]
            synsets[offset] = (lemmas, hyponyms)
    return synsets


def read_index(path):
    """lemma -> (its most frequent synset, how often its senses were tagged in SemCor)."""
    index = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma, pointer_count = fields[0], int(fields[3])
            # after lemma, pos, synset_cnt, p_cnt, the pointers, sense_cnt, tagsense_cnt
            index[lemma] = (fields[6 + pointer_count], int(fields[5 + pointer_count]))
    return index


def irregular_plurals(path):
    plurals = collections.defaultdict(list)
    with open(path, encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                plurals[parts[1]].append(parts[0])
    return plurals


def regular_plural(word):
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if word.endswith("child"):
        return word + "ren"
    if word.endswith("man") and not word.endswith("human"):
        return word[:-3] + "men"
    return word + "s"


def main():
    wordnet = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
    synsets = read_synsets(wordnet + "/data.noun")
    nouns = read_index(wordnet + "/index.noun")
    # a word read more often as a verb, adjective or adverb ("have", "native") is not taken
    others = [read_index(wordnet + "/index." + pos) for pos in ("verb", "adj", "adv")]
    plurals = irregular_plurals(wordnet + "/noun.exc")
    people, todo = set(), list(ROOTS)
    while todo:
        offset = todo.pop()
        if offset in people:
            continue
        people.add(offset)
        todo.extend(synsets[offset][1])
    lemmas = set()
    # a word read more often as an adjective ("operative", "national", "local") still names
    # people in the plural, which no adjective has: "killed 20 operatives"
    plural_only = set()
    # plurals news uses for things ("antiques", "extras", "comics", "tarts"), forms no one writes,
    # and slurs, which a lexicon of the people news counts has no use for
    not_plural_people = {"antique", "extra", "great", "super", "closer", "longer", "prior", "stiff",
                         "heavy", "broad", "domestic", "natural", "cognate", "comic", "erotic",
                         "infernal", "pseudo", "bucolic", "religious", "emeritus", "lush", "tart",
                         "spic", "queer", "fatty", "colored", "silly", "stupid", "lovely", "dear",
                         "telltale", "scholastic", "primitive", "no-account", "sensitive", "worthy"}
    # WordNet files the indefinite pronouns as nouns ("nobody": a person of no influence); in news
    # they are pronouns, and "nobody died" counts no one
    pronouns = {"nobody", "somebody", "someone", "anybody", "anyone", "everybody", "everyone", "no-one"}
    for offset in people:
        for lemma in synsets[offset][0]:
            lemma = re.sub(r"\(.*\)$", "", lemma)
            if not WORD.match(lemma) or lemma in pronouns or lemma not in nouns or nouns[lemma][0] not in people:
                continue
            verb, adjective, adverb = (o.get(lemma, (None, 0))[1] > nouns[lemma][1] for o in others)
            if verb:
                continue
            if adjective or adverb:
                plural_only.add(lemma)
                continue
            lemmas.add(lemma)
    print("# Generated by scripts/person_nouns.py from WordNet 3.0 (wordnet-base): do not edit.")
    print("# Nouns whose most frequent sense is a person, with their plurals.")
    print("# noun\tnumber (sg or pl)")
    # news closes compounds WordNet hyphenates ("concert-goer" is written "concertgoer"), those
    # whose last part names a person too ("goer", "worker")
    closed = {lemma.replace("-", "") for lemma in lemmas
              if lemma.count("-") == 1 and lemma.split("-")[1] in lemmas}
    lemmas |= {word for word in closed if word not in nouns}
    for lemma in sorted(lemmas):
        print(f"{lemma}\tsg")
        # the regular plural beside the irregular ones: noun.exc lists "brethren" for "brother",
        # while news writes "brothers"; a form nobody writes ("wifes") matches nothing
        for plural in dict.fromkeys(plurals.get(lemma, []) + [regular_plural(lemma)]):
            if plural != lemma:
                print(f"{plural}\tpl")
    print("# plurals only: nouns of people read more often as adjectives in the singular")
    for lemma in sorted(plural_only - lemmas - not_plural_people):
        for plural in dict.fromkeys(plurals.get(lemma, []) + [regular_plural(lemma)]):
            if plural != lemma and plural not in nouns and plural not in lemmas:
                print(f"{plural}\tpl")


main()
