#!/usr/bin/env python3
"""Writes the event-grouping test set: tests/data/events/articles.jsonl and truth.json.

Short invented news articles (places, people and outlets are made up) about incidents, with the
true grouping of articles into events. The set is built to be hard in the ways real coverage is:
  - continuing stories (a war front, a months-long outbreak, a drought) covered by many outlets
    over weeks, with changing towns, figures and wording;
  - look-alike incidents: two shootings in one city in one week, floods in neighbouring regions
    on the same days, two fires in one city, a bus crash on the same highway a month apart;
  - many outlets and styles: wire copy with a dateline, local papers, radio briefs, live-blog
    updates, official statements, and articles that never name the city in the first sentence.

Deterministic: the same seed gives the same bytes. Run from the repository root:
    python3 scripts/make_event_set.py            # writes tests/data/events/
    python3 scripts/make_event_set.py --check    # exits 1 if the stored files differ
"""
import argparse
import datetime as dt
import json
import os
import random
import re
import sys

SEED = 14
OUT_DIR = os.path.join("tests", "data", "events")

# ---------------------------------------------------------------------------------------------
# The invented world: countries, their regions and cities, people who speak for bodies.

WORLD = {
    "Varnia": {"Lower Osk": ["Brennick", "Tamsby", "Holloway Cross"],
               "Upper Osk": ["Kellgate", "Marrowby"],
               "Fenmarch": ["Dunmere", "Saltreach", "Ivel"]},
    "Kavenia": {"Drava": ["Petrosk", "Zhelin", "Olvany", "Kessa", "Rudno", "Brask"],
                "Sorvan": ["Miravets", "Tolchin"],
                "Capital District": ["Ostrava Nova"]},
    "Duresh": {"Qaran": ["Beit Samar", "Hadra", "Umm Tellis"],
               "Northern Plains": ["Sufra", "Kalbit"]},
    "Lomaria": {"Coastal Province": ["Port Amsel", "Velder", "Cantrell Bay"],
                "Highlands": ["Ardmore Falls", "Keswin"]},
    "Tessaly": {"Rio Calvo": ["San Ilario", "Puerto Lenz"],
                "Valdemar": ["Corvina", "Alta Sierra"]},
    "Mbeleni": {"Kasura": ["Ntoro", "Lubeka", "Maseve"],
                "Western Lakes": ["Ikanda", "Sembwe"]},
}


def region_of(city):
    for country, regions in WORLD.items():
        for region, cities in regions.items():
            if city in cities:
                return region, country
    raise KeyError(city)


OUTLETS = [
    # name, style
    ("Meridian Wire", "wire"), ("Continental Press Agency", "wire"), ("Northline News Service", "wire"),
    ("local", "local"), ("local", "local"), ("local", "local"), ("local", "radio"), ("local", "radio"),
    ("Globe Dispatch", "feature"), ("The Evening Ledger", "feature"), ("World Affairs Weekly", "feature"),
    ("Live Desk", "live"), ("NewsNow Live", "live"),
    ("Dispatch24", "brief"), ("Daily Brief", "brief"), ("The Morning Post", "brief"),
]

# Local papers and stations, by country: a "local" outlet slot takes one from the incident's country.
LOCAL_OUTLETS = {
    "Varnia": [("The Brennick Courier", "local"), ("Osk Valley Gazette", "local"), ("Radio Fenmarch", "radio")],
    "Kavenia": [("Ostrava Nova Daily", "local"), ("Channel 4 Kavenia", "radio"), ("Drava Pravda", "local")],
    "Duresh": [("Qaran Times", "local"), ("Voice of Duresh", "radio")],
    "Lomaria": [("Port Amsel Herald", "local"), ("The Highland Record", "local"), ("Coastline FM", "radio")],
    "Tessaly": [("El Diario de Valdemar", "local"), ("Radio Calvo", "radio")],
    "Mbeleni": [("Kasura Standard", "local"), ("Radio Sembwe", "radio")],
}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def day_words(d):
    return f"{MONTHS[d.month - 1]} {d.day}"


def weekday(d):
    return d.strftime("%A")


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve"]


def num(n, rng, capital=False):
    """A count as words (small numbers, sometimes) or digits."""
    if n < len(NUMBER_WORDS) and rng.random() < 0.6:
        w = NUMBER_WORDS[n]
    else:
        w = f"{n:,}"
    return w[0].upper() + w[1:] if capital else w


def pick(rng, options):
    return rng.choice(options)


def sentence_case(s):
    return s[0].upper() + s[1:] if s else s


# ---------------------------------------------------------------------------------------------
# Incidents. Each has a kind, a place, a start date, the days on which articles appear, a
# progression of figures (day offset -> killed, injured) and the details that tell it apart
# from a look-alike (venue, vehicle, cause, people).

class Incident:
    def __init__(self, eid, kind, city, start, n_articles, span_days, toll, details):
        self.eid, self.kind, self.city = eid, kind, city
        self.region, self.country = region_of(city)
        self.start, self.n_articles, self.span_days = start, n_articles, span_days
        self.toll = toll          # list of (day_offset, killed, injured), rising over time
        self.details = details    # dict of kind-specific slots

    def figures_on(self, offset):
        killed, injured = self.toll[0][1], self.toll[0][2]
        for day, k, i in self.toll:
            if day <= offset:
                killed, injured = k, i
        return killed, injured


def d(y, m, day):
    return dt.date(y, m, day)


INCIDENTS = [
    # --- look-alike pair: two shootings in Brennick in one week --------------------------------
    Incident("shooting-brennick-depot", "shooting", "Brennick", d(2025, 3, 3), 8, 4,
             [(0, 3, 5), (1, 4, 5), (3, 4, 4)],
             {"venue": "a bus depot in the Marlow district", "venue_short": "the bus depot",
              "attacker": "a former driver", "detail": "The gunman, a former driver dismissed last year, was arrested at the scene.",
              "official": "Chief Inspector Hanna Veld", "body": "Brennick police"}),
    Incident("shooting-brennick-wedding", "shooting", "Brennick", d(2025, 3, 7), 7, 3,
             [(0, 2, 9), (2, 3, 8)],
             {"venue": "a wedding reception at the Eastgate community hall", "venue_short": "the community hall",
              "attacker": "two masked men", "detail": "Two masked men fired from a car outside the hall and drove off.",
              "official": "Superintendent Aldo Pryce", "body": "Brennick police"}),
    # --- look-alike pair: floods in neighbouring regions, same days ---------------------------
    Incident("flood-lower-osk", "flood", "Tamsby", d(2025, 4, 14), 9, 8,
             [(0, 4, 0), (2, 9, 0), (5, 13, 0), (8, 14, 0)],
             {"river": "the Osk", "villages": "Tamsby and Holloway Cross", "missing": 6,
              "evacuated": "2,300", "official": "Regional Governor Ilse Marten", "body": "the Lower Osk emergency office"}),
    Incident("flood-fenmarch", "flood", "Dunmere", d(2025, 4, 15), 7, 6,
             [(0, 2, 0), (3, 5, 0), (6, 6, 0)],
             {"river": "the Fenn", "villages": "Dunmere and Saltreach", "missing": 3,
              "evacuated": "800", "official": "Mayor Tobias Grell", "body": "the Fenmarch civil protection service"}),
    # --- continuing story: the Drava front in Kavenia, three months -----------------------------
    Incident("war-drava-front", "war", "Petrosk", d(2025, 5, 2), 32, 95,
             [(0, 0, 0)],
             {"front": "the Drava front", "towns": ["Petrosk", "Zhelin", "Olvany", "Kessa", "Rudno", "Brask"],
              "army": "Kavenian army", "enemy": "separatist forces", "official": "Colonel Mirek Sadov",
              "body": "the Kavenian defence ministry", "un": "the UN humanitarian office"}),
    # --- continuing story: cholera in Kasura, Mbeleni -----------------------------------------
    Incident("cholera-kasura", "outbreak", "Ntoro", d(2025, 6, 10), 18, 120,
             [(0, 12, 140), (14, 31, 420), (30, 58, 1100), (50, 97, 2300), (75, 130, 3900), (100, 151, 4800), (120, 158, 5100)],
             {"disease": "cholera", "official": "Health Minister Grace Alando", "body": "the Mbeleni health ministry",
              "agency": "the World Health Organization", "towns": ["Ntoro", "Lubeka", "Maseve"]}),
    # --- continuing story: drought and hunger in Qaran, Duresh --------------------------------
    Incident("drought-qaran", "drought", "Hadra", d(2025, 7, 1), 14, 110,
             [(0, 0, 0)],
             {"official": "Relief coordinator Samira Haddad", "body": "the Duresh relief commission",
              "agency": "the World Food Programme", "towns": ["Hadra", "Beit Samar", "Umm Tellis"],
              "people": [(0, "210,000"), (30, "340,000"), (60, "500,000"), (100, "620,000")],
              "deaths": [(0, 0), (40, 23), (70, 61), (105, 88)]}),
    # --- look-alike pair: two fires in Port Amsel --------------------------------------------
    Incident("fire-port-amsel-apartments", "fire", "Port Amsel", d(2025, 1, 20), 7, 3,
             [(0, 5, 11), (1, 7, 11), (3, 7, 9)],
             {"building": "an eleven-storey apartment block on Quay Road", "building_short": "the apartment block",
              "cause": "a faulty heater on the third floor", "official": "Fire Chief Oren Bakke", "body": "the Port Amsel fire service"}),
    Incident("fire-port-amsel-market", "fire", "Port Amsel", d(2025, 1, 24), 6, 2,
             [(0, 1, 6), (2, 2, 6)],
             {"building": "the covered fish market near the harbour", "building_short": "the market",
              "cause": "a gas cylinder at a food stall", "official": "Fire Chief Oren Bakke", "body": "the Port Amsel fire service"}),
    # --- look-alike pair: bus crashes on one highway a month apart ---------------------------
    Incident("bus-crash-alta-sierra-march", "bus", "Alta Sierra", d(2025, 3, 18), 6, 3,
             [(0, 11, 23), (1, 14, 21)],
             {"road": "the Sierra highway", "vehicle": "an overnight coach from Corvina", "how": "plunged into a ravine on a hairpin bend",
              "official": "Transport Minister Lucia Ferrán", "body": "the Valdemar highway police"}),
    Incident("bus-crash-alta-sierra-april", "bus", "Alta Sierra", d(2025, 4, 22), 6, 2,
             [(0, 6, 30), (2, 7, 29)],
             {"road": "the Sierra highway", "vehicle": "a school bus carrying pupils on a field trip", "how": "collided head-on with a lorry in fog",
              "official": "Transport Minister Lucia Ferrán", "body": "the Valdemar highway police"}),
    # --- single incidents of many kinds ----------------------------------------------------
    Incident("quake-keswin", "quake", "Keswin", d(2025, 2, 9), 10, 7,
             [(0, 18, 60), (1, 47, 210), (2, 83, 340), (4, 112, 400), (7, 121, 410)],
             {"magnitude": "6.4", "depth": "12 kilometres", "official": "Prime Minister Edda Lorne",
              "body": "the Lomarian disaster agency", "damage": "the old stone houses of the upper town"}),
    Incident("quake-keswin-aftershock-july", "quake", "Ardmore Falls", d(2025, 7, 21), 4, 1,
             [(0, 0, 14), (1, 1, 14)],
             {"magnitude": "5.1", "depth": "9 kilometres", "official": "Mayor Fenella Quist",
              "body": "the Lomarian disaster agency", "damage": "a school gymnasium and several barns"}),
    Incident("ferry-cantrell-bay", "ferry", "Cantrell Bay", d(2025, 8, 5), 8, 5,
             [(0, 9, 0), (1, 21, 0), (3, 26, 0), (5, 29, 0)],
             {"vessel": "the passenger ferry Greta Maris", "passengers": "about 140", "rescued": "96",
              "official": "Coastguard Commander Ivo Strand", "body": "the Lomarian coastguard"}),
    Incident("mine-kalbit", "mine", "Kalbit", d(2025, 9, 12), 7, 6,
             [(0, 0, 0), (2, 3, 0), (4, 11, 2), (6, 11, 2)],
             {"mine": "the Kalbit phosphate mine", "trapped": "14", "official": "Mines Minister Yusuf Darin",
              "body": "the mine operator, Northern Minerals", "cause": "a tunnel roof gave way"}),
    Incident("stampede-san-ilario", "stampede", "San Ilario", d(2025, 11, 2), 6, 2,
             [(0, 8, 41), (1, 9, 44)],
             {"venue": "the harvest festival at the river stadium", "official": "Governor Marco Valli",
              "body": "the Rio Calvo health department", "cause": "a gate was opened as fireworks began"}),
    Incident("chemical-blast-zhelin-plant", "blast", "Miravets", d(2025, 10, 8), 7, 4,
             [(0, 6, 30), (1, 9, 52), (4, 10, 52)],
             {"site": "a fertiliser plant on the edge of Miravets", "official": "Governor Pavel Orlik",
              "body": "the Sorvan emergencies department", "cause": "an ammonia tank ruptured"}),
    Incident("train-derail-velder", "train", "Velder", d(2025, 6, 3), 8, 4,
             [(0, 4, 70), (1, 6, 88), (3, 6, 81)],
             {"train": "the morning express to Port Amsel", "official": "Rail Safety Director Nils Orde",
              "body": "the national rail operator", "cause": "a buckled rail in the heat"}),
    Incident("landslide-ikanda", "landslide", "Ikanda", d(2025, 4, 28), 7, 6,
             [(0, 7, 4), (2, 19, 6), (5, 26, 6)],
             {"hill": "the terraced hillside above Ikanda market", "missing": "40", "official": "District Commissioner Ruth Mbeki",
              "body": "the Western Lakes disaster unit"}),
    Incident("protest-ostrava-nova", "protest", "Ostrava Nova", d(2025, 9, 20), 8, 5,
             [(0, 2, 90), (1, 3, 130), (4, 3, 150)],
             {"cause": "the fuel price rise", "square": "Liberty Square", "official": "Interior Minister Bogdan Hesk",
              "body": "the Kavenian interior ministry", "spokes": "Tomas Varga, the interior ministry's spokesman"}),
    Incident("stabbing-dunmere-school", "stabbing", "Dunmere", d(2025, 11, 17), 5, 2,
             [(0, 1, 4), (1, 1, 4)],
             {"venue": "a secondary school on Mill Lane", "attacker": "a 17-year-old pupil",
              "official": "Chief Constable Rhona Beck", "body": "Fenmarch police"}),
    Incident("stabbing-brennick-station", "stabbing", "Brennick", d(2025, 12, 2), 5, 2,
             [(0, 2, 3)],
             {"venue": "the central railway station concourse", "attacker": "a man in his forties",
              "official": "Chief Inspector Hanna Veld", "body": "Brennick police"}),
    Incident("plane-crash-puerto-lenz", "plane", "Puerto Lenz", d(2025, 5, 25), 8, 4,
             [(0, 0, 0), (1, 38, 0), (3, 44, 0)],
             {"aircraft": "a twin-engine regional airliner", "flight": "Flight 311", "aboard": "44",
              "official": "Aviation Authority head Clara Nuñez", "body": "the Tessaly aviation authority"}),
    Incident("cyclone-coastal", "cyclone", "Port Amsel", d(2025, 10, 27), 8, 7,
             [(0, 3, 20), (2, 15, 80), (5, 22, 130), (7, 24, 130)],
             {"storm": "Cyclone Ilvy", "official": "Prime Minister Edda Lorne", "body": "the Lomarian disaster agency",
              "towns": "Port Amsel, Velder and Cantrell Bay"}),
    Incident("bridge-collapse-marrowby", "bridge", "Marrowby", d(2025, 8, 19), 6, 3,
             [(0, 5, 12), (1, 8, 12)],
             {"bridge": "the Old Toll Bridge over the Osk", "official": "Mayor Denholm Fisk",
              "body": "Upper Osk police", "cause": "a corroded support cable"}),
    Incident("heatwave-tessaly", "heat", "Corvina", d(2025, 7, 8), 6, 16,
             [(0, 9, 0), (5, 31, 0), (10, 64, 0), (16, 70, 0)],
             {"official": "Health Secretary Inés Robles", "body": "the Valdemar health department",
              "temp": "46", "towns": "Corvina and Alta Sierra"}),
    Incident("airstrike-sufra", "airstrike", "Sufra", d(2025, 2, 14), 7, 4,
             [(0, 12, 30), (1, 19, 34), (3, 21, 34)],
             {"target": "a crowded livestock market", "official": "Governor Khalil Nasr",
              "body": "the Duresh civil defence", "monitor": "the Sufra Monitor for Civilian Harm"}),
    Incident("gas-blast-olvany-flats", "blast", "Tolchin", d(2025, 12, 9), 5, 2,
             [(0, 3, 7), (1, 4, 7)],
             {"site": "a five-storey block of flats on Canal Street", "official": "Mayor Anya Petrenko",
              "body": "the Tolchin emergency services", "cause": "a gas leak in the basement"}),
    Incident("shooting-saltreach-bar", "shooting", "Saltreach", d(2025, 6, 21), 5, 2,
             [(0, 2, 1)],
             {"venue": "a harbour bar", "venue_short": "the bar",
              "attacker": "a customer who had been thrown out", "detail": "Police said the man had been thrown out an hour earlier and came back armed.",
              "official": "Chief Constable Rhona Beck", "body": "Fenmarch police"}),
    Incident("flood-sembwe", "flood", "Sembwe", d(2025, 11, 24), 6, 5,
             [(0, 6, 0), (3, 11, 0), (5, 12, 0)],
             {"river": "the Lwanga", "villages": "Sembwe and the lakeshore fishing camps", "missing": 9,
              "evacuated": "4,100", "official": "District Commissioner Ruth Mbeki", "body": "the Western Lakes disaster unit"}),
    Incident("fire-kellgate-factory", "fire", "Kellgate", d(2025, 5, 13), 6, 2,
             [(0, 4, 9), (1, 6, 9)],
             {"building": "a textile factory on the Kellgate industrial estate", "building_short": "the factory",
              "cause": "sparks from a welding job", "official": "Fire Officer Greta Lind", "body": "Upper Osk fire brigade"}),
    Incident("boat-lake-ikanda", "ferry", "Ikanda", d(2025, 9, 3), 6, 3,
             [(0, 13, 0), (1, 17, 0), (3, 18, 0)],
             {"vessel": "an overloaded wooden boat carrying traders", "passengers": "about 60", "rescued": "41",
              "official": "District Commissioner Ruth Mbeki", "body": "the Western Lakes marine police"}),
    Incident("mine-flood-maseve", "mine", "Maseve", d(2025, 3, 26), 5, 3,
             [(0, 0, 0), (2, 6, 1), (3, 6, 1)],
             {"mine": "an informal gold pit outside Maseve", "trapped": "9", "official": "Mines Minister Peter Olu",
              "body": "local rescue teams", "cause": "flood water broke into the shaft"}),
    Incident("protest-hadra-water", "protest", "Hadra", d(2025, 1, 11), 5, 2,
             [(0, 1, 25), (1, 2, 31)],
             {"cause": "water shortages", "square": "the municipal square", "official": "Interior Minister Faris Daoud",
              "body": "the Duresh interior ministry", "spokes": "Lina Saad, a police spokeswoman"}),
    Incident("train-crash-tamsby-level-crossing", "train", "Tamsby", d(2025, 10, 30), 5, 2,
             [(0, 3, 15), (1, 3, 17)],
             {"train": "a regional train to Kellgate", "official": "Rail Safety Director Nils Orde",
              "body": "the Varnian rail inspectorate", "cause": "a tractor stalled on a level crossing"}),
    Incident("quake-beit-samar", "quake", "Beit Samar", d(2025, 12, 14), 7, 4,
             [(0, 9, 50), (1, 26, 120), (3, 31, 150)],
             {"magnitude": "5.9", "depth": "15 kilometres", "official": "Governor Khalil Nasr",
              "body": "the Duresh civil defence", "damage": "mud-brick homes in the old quarter"}),
    Incident("bus-crash-kessa-road", "bus", "Rudno", d(2025, 1, 30), 4, 1,
             [(0, 9, 16)],
             {"road": "the icy Rudno pass road", "vehicle": "a minibus carrying factory workers", "how": "skidded off the road and overturned",
              "official": "Governor Pavel Orlik", "body": "Drava traffic police"}),
    Incident("dengue-lubeka", "outbreak", "Lubeka", d(2025, 2, 3), 6, 40,
             [(0, 2, 60), (20, 5, 210), (40, 7, 260)],
             {"disease": "dengue fever", "official": "Health Minister Grace Alando", "body": "the Mbeleni health ministry",
              "agency": "the Red Cross", "towns": ["Lubeka"]}),
    Incident("storm-hail-keswin", "cyclone", "Keswin", d(2025, 6, 27), 4, 1,
             [(0, 0, 18), (1, 1, 18)],
             {"storm": "a violent hailstorm", "official": "Mayor Fenella Quist", "body": "the Highlands police",
              "towns": "Keswin and the surrounding farms"}),
    Incident("stadium-roof-ntoro", "bridge", "Ntoro", d(2025, 10, 4), 4, 1,
             [(0, 4, 27)],
             {"bridge": "a stand roof at the Ntoro football stadium", "official": "Sports Minister Daniel Okoth",
              "body": "Kasura police", "cause": "heavy rain pooling on the roof"}),
    Incident("shooting-corvina-school", "shooting", "Corvina", d(2025, 9, 9), 6, 3,
             [(0, 5, 7), (1, 6, 7)],
             {"venue": "a primary school in the Santa Lucía neighbourhood", "venue_short": "the school",
              "attacker": "a 19-year-old former pupil", "detail": "The attacker, a former pupil, shot himself as officers arrived.",
              "official": "Police Chief Ramón Aguirre", "body": "Valdemar state police"}),
    Incident("flood-rio-calvo", "flood", "Puerto Lenz", d(2025, 2, 20), 5, 4,
             [(0, 3, 0), (2, 7, 0), (4, 8, 0)],
             {"river": "the Calvo", "villages": "Puerto Lenz and the delta villages", "missing": 5,
              "evacuated": "1,500", "official": "Governor Marco Valli", "body": "the Rio Calvo civil defence"}),
    Incident("fire-brennick-hospital-single", "fire", "Brennick", d(2025, 8, 30), 1, 0,
             [(0, 2, 4)],
             {"building": "a ward at St Agnes Hospital", "building_short": "the ward",
              "cause": "an oxygen line fault", "official": "Fire Chief Ada Morrow", "body": "the Brennick fire service"}),
    Incident("storm-surge-saltreach-pair", "cyclone", "Saltreach", d(2025, 12, 21), 2, 1,
             [(0, 2, 5)],
             {"storm": "a winter storm surge", "official": "Mayor Tobias Grell", "body": "the Fenmarch coastguard",
              "towns": "Saltreach and Ivel"}),
]

# ---------------------------------------------------------------------------------------------
# Sentences by incident kind. Each entry is a list of alternative phrasings; {slots} are filled
# from the incident, the day's figures and the article's context. Ledes carry the figures.


def lede_options(inc, ctx, rng):
    k, det = inc.kind, inc.details
    c = ctx
    if k == "shooting":
        return [
            f"{c['Killed']} people were shot dead and {c['injured']} wounded when {det['attacker']} opened fire at {det['venue']} in {inc.city} on {c['when']}.",
            f"A gunman killed {c['killed']} people at {det['venue']} in {inc.city}, {det['body']} said, and {c['injured']} others were taken to hospital.",
            f"The death toll from {c['when_past']} shooting at {det['venue_short']} in {inc.city} stands at {c['killed']}, with {c['injured']} people still being treated for gunshot wounds.",
            f"Gunfire at {det['venue']} left {c['killed']} dead and {c['injured']} injured, police in {inc.city} said.",
        ]
    if k == "stabbing":
        return [
            f"{c['Killed']} {c['person_s']} died and {c['injured']} were hurt in a knife attack at {det['venue']} in {inc.city} on {c['when']}.",
            f"Police in {inc.city} arrested {det['attacker']} after a stabbing at {det['venue']} that killed {c['killed']} and injured {c['injured']}.",
            f"A knife attack at {det['venue']} in {inc.city} has left {c['killed']} dead, {det['body']} confirmed.",
        ]
    if k == "flood":
        return [
            f"Flooding along {det['river']} has killed {c['killed']} people in {inc.region}, where {det['evacuated']} residents have left their homes.",
            f"{c['Killed']} people have drowned and {det['missing']} are missing after {det['river']} burst its banks near {det['villages']}.",
            f"The flood death toll in {inc.region} rose to {c['killed']} on {c['when']}, {det['body']} said, as water began to recede around {det['villages']}.",
            f"Days of heavy rain sent {det['river']} over its banks in {inc.region}, killing {c['killed']} people and cutting off {det['villages']}.",
        ]
    if k == "war":
        town = c["town"]
        return [
            f"Shelling on {det['front']} killed {c['w_civ']} civilians in {town} overnight, {det['body']} said.",
            f"{c['W_civ']} civilians died and {c['w_inj']} were wounded when rockets struck {town}, a town on {det['front']}, local officials said.",
            f"Heavy fighting around {town} on {det['front']} has killed at least {c['w_sol']} soldiers in the past week, according to {det['official']}.",
            f"Separatist artillery hit a residential district of {town} on {c['when']}, killing {c['w_civ']} people, in the worst day on {det['front']} for a month.",
            f"{sentence_case(det['un'])} said {c['w_total']} civilians have been killed on {det['front']} since fighting resumed in May.",
            f"Kavenian troops pulled back from the outskirts of {town} after a week of fighting in which {c['w_sol']} soldiers were killed, {det['body']} said.",
        ]
    if k == "outbreak":
        town = c["town"]
        return [
            f"The {det['disease']} outbreak in {inc.region} has now killed {c['killed']} people, with {c['injured']} cases recorded since June, {det['body']} said.",
            f"Deaths from {det['disease']} in {inc.region} rose to {c['killed']} this week as the number of suspected cases climbed to {c['injured']}.",
            f"{c['Killed']} people have died of {det['disease']} in {inc.region}, and {det['agency']} warned that clinics in {town} were overwhelmed.",
            f"Health workers in {town} recorded {c['injured']} {det['disease']} cases and {c['killed']} deaths since the outbreak began, the ministry said on {c['when']}.",
        ]
    if k == "drought":
        town = c["town"]
        return [
            f"Some {c['d_people']} people in {inc.region} now need food aid after the third failed rainy season, {det['agency']} said.",
            f"The drought in {inc.region} has left {c['d_people']} people short of food and water, and {c['d_deaths']} deaths have been recorded in the camps near {town}.",
            f"Families walking into {town} from the dry villages say their wells failed months ago; aid groups put the number needing help at {c['d_people']}.",
        ] + ([f"At least {c['d_deaths']} people, most of them children, have died of hunger-related illness in camps around {town}, {det['body']} said."]
             if c["d_deaths"] != "no" else [])
    if k == "fire":
        return [
            f"A fire swept through {det['building']} in {inc.city} on {c['when']}, killing {c['killed']} people and injuring {c['injured']}.",
            f"{c['Killed']} people died in a blaze at {det['building']}, {det['body']} said, and {c['injured']} were treated for burns and smoke.",
            f"Firefighters in {inc.city} recovered {c['killed']} bodies from {det['building_short']} after an overnight blaze; {c['injured']} people were hurt.",
        ]
    if k == "bus":
        return [
            f"{c['Killed']} passengers were killed when {det['vehicle']} {det['how']} on {det['road']} near {inc.city}.",
            f"At least {c['killed']} people died and {c['injured']} were injured after {det['vehicle']} {det['how']}, {det['body']} said.",
            f"The crash of {det['vehicle']} on {det['road']} on {c['when']} has killed {c['killed']} people, officials said.",
        ]
    if k == "quake":
        return [
            f"A magnitude {det['magnitude']} earthquake struck near {inc.city} on {c['when']}, killing {c['killed']} people and injuring {c['injured']}.",
            f"The death toll from the earthquake in {inc.region} has risen to {c['killed']}, {det['body']} said, with {c['injured']} injured.",
            f"Rescuers dug through the rubble of {det['damage']} in {inc.city} as the quake's toll climbed to {c['killed']} dead.",
            f"{c['Killed']} people are confirmed dead after the {det['magnitude']}-magnitude tremor hit {inc.region}, according to {det['official']}.",
        ]
    if k == "ferry":
        return [
            f"{c['Killed']} bodies have been recovered after {det['vessel']} capsized off {inc.city}, {det['body']} said.",
            f"{sentence_case(det['vessel'])}, carrying {det['passengers']} people, sank near {inc.city}; {c['killed']} are confirmed dead and {det['rescued']} were rescued.",
            f"Divers searching the wreck of {det['vessel']} raised the number of dead to {c['killed']} on {c['when']}.",
        ]
    if k == "mine":
        if c["killed"] == 0:
            return [
                f"Rescuers are trying to reach {det['trapped']} miners trapped underground at {det['mine']} after {det['cause']}.",
                f"{sentence_case(det['trapped'])} workers are trapped in {det['mine']} near {inc.city}, {det['body']} said on {c['when']}.",
            ]
        return [
            f"{c['Killed']} miners have been found dead at {det['mine']}, where {det['trapped']} were trapped when {det['cause']}.",
            f"The bodies of {c['killed']} miners were brought up from {det['mine']} near {inc.city} on {c['when']}.",
            f"Hopes faded at {det['mine']} as rescuers confirmed {c['killed']} of the {det['trapped']} trapped workers had died.",
        ]
    if k == "stampede":
        return [
            f"{c['Killed']} people were crushed to death and {c['injured']} injured in a stampede at {det['venue']} in {inc.city}.",
            f"A crush at {det['venue']} on {c['when']} killed {c['killed']} people, {det['body']} said.",
            f"Panic at {det['venue']} left {c['killed']} dead after {det['cause']}, witnesses in {inc.city} said.",
        ]
    if k == "blast":
        return [
            f"An explosion at {det['site']} killed {c['killed']} people and injured {c['injured']} on {c['when']}.",
            f"{c['Killed']} people died after {det['cause']} at {det['site']}, {det['body']} said.",
            f"The blast at {det['site']} has killed {c['killed']} and wounded {c['injured']}, according to {det['official']}.",
        ]
    if k == "train":
        return [
            f"{c['Killed']} people were killed and {c['injured']} injured when {det['train']} left the tracks near {inc.city}.",
            f"The derailment of {det['train']} outside {inc.city} has left {c['killed']} dead, {det['body']} said on {c['when']}.",
            f"Investigators blamed {det['cause']} for the crash near {inc.city} in which {c['killed']} people died and {c['injured']} were hurt.",
        ]
    if k == "landslide":
        return [
            f"A landslide buried homes on {det['hill']}, killing {c['killed']} people, with {det['missing']} still missing.",
            f"Rescuers in {inc.city} have recovered {c['killed']} bodies from the mud after {det['hill']} collapsed following heavy rain.",
            f"The landslide in {inc.city} has killed {c['killed']} people, {det['body']} said on {c['when']}.",
        ]
    if k == "protest":
        return [
            f"{c['Killed']} protesters were killed and {c['injured']} people injured as police broke up demonstrations over {det['cause']} in {inc.city}.",
            f"Clashes in {det['square']} in {inc.city} over {det['cause']} left {c['killed']} dead and about {c['injured']} injured, {det['spokes']} said.",
            f"Security forces fired tear gas at crowds in {inc.city} protesting {det['cause']}; hospitals reported {c['killed']} deaths and {c['injured']} injuries.",
        ]
    if k == "plane":
        if c["killed"] == 0:
            return [
                f"Contact was lost with {det['flight']}, {det['aircraft']} with {det['aboard']} people aboard, shortly after it left {inc.city}.",
                f"Search teams are looking for {det['flight']}, which vanished from radar near {inc.city} with {det['aboard']} people on board.",
            ]
        return [
            f"All {c['killed']} people aboard {det['flight']} were killed when {det['aircraft']} crashed near {inc.city}.",
            f"Wreckage of {det['flight']} was found in hills outside {inc.city}; {det['body']} said {c['killed']} bodies had been recovered.",
            f"{c['Killed']} people died in the crash of {det['flight']}, {det['official']} said.",
        ]
    if k == "cyclone":
        return [
            f"{det['storm']} has killed {c['killed']} people and injured {c['injured']} in {det['towns']}, {det['body']} said.",
            f"The toll from {det['storm']} rose to {c['killed']} on {c['when']} as crews reached cut-off parts of {det['towns']}.",
            f"{c['Killed']} people died when {det['storm']} tore roofs off homes in {det['towns']}.",
        ]
    if k == "bridge":
        return [
            f"{c['Killed']} people died and {c['injured']} were injured when {det['bridge']} collapsed in {inc.city}.",
            f"The collapse of {det['bridge']} on {c['when']} killed {c['killed']} people, {det['body']} said.",
            f"Engineers are examining {det['cause']} after {det['bridge']} gave way in {inc.city}, killing {c['killed']}.",
        ]
    if k == "heat":
        return [
            f"The heat wave in {inc.region} has killed {c['killed']} people, {det['body']} said, as temperatures reached {det['temp']} degrees.",
            f"{c['Killed']} heat-related deaths have been recorded in {det['towns']} since the heat wave began.",
            f"Hospitals in {inc.city} are full as the heat wave's death toll reached {c['killed']}, {det['official']} said.",
        ]
    if k == "airstrike":
        return [
            f"An air strike on {det['target']} in {inc.city} killed {c['killed']} people and wounded {c['injured']}, {det['body']} said.",
            f"{c['Killed']} people died when warplanes hit {det['target']} in {inc.city} on {c['when']}, according to {det['monitor']}.",
            f"The toll from the strike on {det['target']} in {inc.city} has risen to {c['killed']}, local officials said.",
        ]
    raise KeyError(k)


def detail_options(inc, ctx, rng):
    k, det = inc.kind, inc.details
    c = ctx
    common = [
        f"\"{pick(rng, ['We are doing everything we can', 'This is a dark day for our city', 'Our thoughts are with the families', 'The priority now is the injured'])},\" {det['official']} told reporters.",
        f"{det['official']} said the figures could change as more information came in.",
        f"Officials did not say how many of the victims were children.",
    ]
    by_kind = {
        "shooting": [det.get("detail", ""), f"Witnesses described panic as shots rang out at {det.get('venue_short', 'the scene')}.",
                     f"{sentence_case(det['body'])} have set up a hotline for families.", "A motive has not been established."],
        "stabbing": [f"The suspect, {det.get('attacker', '')}, was detained at the scene.", "Police said they were not looking for anyone else.",
                     f"Counsellors were sent to {det.get('venue', 'the site')}."],
        "flood": [f"About {det.get('evacuated', '')} people spent the night in schools and sports halls.",
                  f"Army boats were sent to reach families stranded on rooftops in {det.get('villages', '')}.",
                  f"{det.get('missing', '')} people remain unaccounted for.",
                  "Forecasters expect more rain later in the week."],
        "war": [f"{sentence_case(det['body'])} said its forces had repelled two assaults.",
                "The claims could not be independently verified.",
                f"Thousands of residents have fled {c.get('town', '')} towards the west.",
                f"{sentence_case(det.get('un', ''))} called for a pause to allow aid convoys through.",
                "Power and water have been cut in several districts."],
        "outbreak": [f"{sentence_case(det.get('agency', ''))} has flown in oral vaccines and water purification tablets.",
                     "Officials urged residents to boil drinking water.",
                     "Schools in the worst-hit districts have been closed.",
                     f"The outbreak was first detected in {det.get('towns', [''])[0]} in June."],
        "drought": ["Livestock have died in large numbers across the region.",
                    f"{sentence_case(det.get('agency', ''))} said it had funding for only half of what was needed.",
                    "Water trucks are reaching some villages once a week."],
        "fire": [f"Investigators believe the fire started with {det.get('cause', '')}.",
                 "Residents said the smoke alarms did not go off.",
                 "Dozens of firefighters worked through the night."],
        "bus": ["The driver was among those taken to hospital.", "Rescuers used ropes to reach the wreck.",
                f"{sentence_case(det['body'])} said the road had been closed for several hours."],
        "quake": [f"The quake was centred at a depth of {det.get('depth', '')}.", "Several aftershocks were felt through the night.",
                  "Foreign rescue teams began arriving on the second day."],
        "ferry": [f"Survivors said the vessel was carrying {det.get('passengers', '')} people.",
                  "The search was hampered by high waves.", "The captain was among those rescued."],
        "mine": [f"Relatives gathered at the gates of {det.get('mine', '')}.", "Rescue teams are pumping water and air into the tunnels.",
                 "Unions have long complained about safety at the site."],
        "stampede": ["Many of the victims were teenagers.", "Organisers said the crowd was twice the expected size.",
                     "An inquiry has been ordered."],
        "blast": ["Windows were shattered several kilometres away.", "Residents were told to stay indoors and keep windows shut.",
                  "The operator said it was cooperating with investigators."],
        "train": ["Several carriages overturned into a field.", "Rail services on the line have been suspended.",
                  "Passengers described being thrown from their seats."],
        "landslide": [f"About {det.get('missing', '')} people are still missing.", "Villagers dug with bare hands before machinery arrived.",
                      "The area had been warned about unstable slopes."],
        "protest": [f"{sentence_case(det.get('spokes', ''))}, said officers had acted in self-defence.",
                    "Opposition groups called for a general strike.", "Dozens of people were arrested."],
        "plane": ["The flight recorders have been recovered.", "The aircraft was twelve years old.",
                  "Relatives gathered at the airport waiting for news."],
        "cyclone": ["Power lines are down across the region.", "Thousands of homes were damaged or destroyed.",
                    "Emergency shelters have opened in schools."],
        "bridge": [f"Engineers are examining {det.get('cause', '')}.", "Several cars fell into the water.",
                   "The bridge had been inspected two years ago."],
        "heat": ["Most of the dead were elderly people living alone.", "Cooling centres have opened in public buildings.",
                 "Outdoor work has been banned in the afternoon."],
        "airstrike": ["The market was busy with traders at the time.", "Rescuers pulled survivors from collapsed stalls.",
                      f"{sentence_case(det.get('monitor', 'A monitor'))} said women and children were among the dead."],
    }
    if k in ("drought", "outbreak", "heat", "war"):
        common = [common[1]]  # no "the injured" quote or "victims" line for a slow crisis
        common.append(f"\"{pick(rng, ['The situation is getting worse every week', 'We need help now', 'The world must not look away'])},\" {det['official']} said.")
    return [s for s in by_kind[k] if s] + common


# ---------------------------------------------------------------------------------------------
# Article assembly: pick the day, figures, outlet; write a lede, details and a style wrapper.


def article_days(inc, rng):
    if inc.n_articles == 1:
        return [0]
    days = [0] + sorted(rng.randint(0, inc.span_days) for _ in range(inc.n_articles - 2)) + [inc.span_days]
    return sorted(days)


def war_context(inc, offset, rng):
    det = inc.details
    town = det["towns"][min(len(det["towns"]) - 1, offset * len(det["towns"]) // (inc.span_days + 1))]
    if rng.random() < 0.25:
        town = pick(rng, det["towns"])
    civ, inj, sol = rng.randint(2, 14), rng.randint(5, 40), rng.randint(10, 60)
    total = 40 + offset * 7
    return {"town": town, "w_civ": num(civ, rng), "W_civ": num(civ, rng, True), "w_inj": num(inj, rng),
            "w_sol": num(sol, rng), "w_total": f"{total:,}"}


def value_at(pairs, offset):
    v = pairs[0][1]
    for day, x in pairs:
        if day <= offset:
            v = x
    return v


def build_context(inc, offset, rng):
    date = inc.start + dt.timedelta(days=offset)
    killed, injured = inc.figures_on(offset)
    ctx = {"killed": num(killed, rng), "Killed": num(killed, rng, True), "injured": num(injured, rng),
           "when": weekday(date) if offset <= 3 and rng.random() < 0.5 else day_words(date),
           "when_past": "Monday's" if date.weekday() == 0 else f"{weekday(date)}'s",
           "person_s": "person" if killed == 1 else "people"}
    ctx["killed_n"] = killed
    if inc.kind == "war":
        ctx.update(war_context(inc, offset, rng))
    if inc.kind in ("outbreak", "drought"):
        towns = inc.details["towns"]
        ctx["town"] = pick(rng, towns)
    if inc.kind == "drought":
        ctx["d_people"] = value_at(inc.details["people"], offset)
        ctx["d_deaths"] = num(value_at(inc.details["deaths"], offset), rng)
    return date, ctx


def wrap(style, outlet, inc, date, sentences, rng):
    city_up = inc.city.upper()
    if style == "wire":
        sentences[0] = f"{city_up}, {inc.country}, {day_words(date)} ({outlet}) - {sentences[0]}"
    elif style == "live":
        hh, mm = rng.randint(6, 22), rng.choice([0, 5, 12, 20, 34, 41, 55])
        sentences[0] = f"UPDATE {hh:02d}:{mm:02d} - {sentences[0]}"
    elif style == "radio":
        sentences.insert(0, pick(rng, ["Good evening.", "Here is the news.", "In the headlines this hour:", "News at the top of the hour."]))
    elif style == "feature":
        scene = pick(rng, [
            f"The streets of {inc.city} were quiet on {weekday(date)} morning.",
            f"In {inc.city}, people are still trying to understand what happened.",
            f"For the people of {inc.region}, the past days have been hard.",
        ])
        sentences.insert(0, scene)
    elif style == "local":
        if rng.random() < 0.5:
            sentences.append(f"Anyone with information is asked to contact {inc.details['body']}.")
    return " ".join(sentences)


def make_article(inc, offset, rng):
    date, ctx = build_context(inc, offset, rng)
    outlet, style = pick(rng, OUTLETS)
    if outlet == "local":
        outlet, style = pick(rng, LOCAL_OUTLETS[inc.country])
    ledes = lede_options(inc, ctx, rng)
    details = detail_options(inc, ctx, rng)
    n_details = {"brief": rng.randint(1, 2), "radio": rng.randint(1, 2)}.get(style, rng.randint(1, 4))
    if style in ("feature", "local"):
        n_details = min(n_details, 3)  # the wrapper adds a sentence; articles stay within six
    body = [pick(rng, ledes)] + rng.sample(details, min(n_details, len(details)))
    text = agree_number(wrap(style, outlet, inc, date, body, rng))
    title = title_for(inc, ctx, rng)
    return {"text": text, "date": date.isoformat(), "outlet": outlet, "title": title}


SINGULAR = {"people": "person", "protesters": "protester", "passengers": "passenger", "miners": "miner",
            "bodies": "body", "civilians": "civilian", "soldiers": "soldier", "deaths": "death",
            "injuries": "injury", "heat-related deaths": "heat-related death"}


def agree_number(text):
    """'1 people were killed' -> '1 person was killed': templates are written in the plural."""
    for plural, singular in SINGULAR.items():
        for one in ("1", "one", "One"):
            text = re.sub(rf"\b{one} {plural} (were|have|are)\b",
                          lambda m: f"{one} {singular} " + {"were": "was", "have": "has", "are": "is"}[m.group(1)], text)
            text = re.sub(rf"\b{one} {plural}\b", f"{one} {singular}", text)
    return text.replace("and 1 was injured", "and 1 was injured")


def title_for(inc, ctx, rng):
    k, det = inc.kind, inc.details
    place = ctx.get("town", inc.city) if rng.random() < 0.6 else inc.region
    if k == "war" and rng.random() < 0.5:
        place = "Drava front"
    nouns = {"shooting": "shooting", "stabbing": "stabbing", "flood": "floods", "war": "fighting", "outbreak": det.get("disease", ""),
             "drought": "drought", "fire": "fire", "bus": "bus crash", "quake": "earthquake", "ferry": "boat sinking",
             "mine": "mine accident", "stampede": "stampede", "blast": "explosion", "train": "train crash",
             "landslide": "landslide", "protest": "protests", "plane": "plane crash", "cyclone": det.get("storm", "storm"),
             "bridge": "collapse", "heat": "heat wave", "airstrike": "air strike"}
    return pick(rng, [f"{sentence_case(nouns[k])} in {place}", f"{place}: {nouns[k]} toll rises",
                      f"What we know about the {place} {nouns[k]}", f"{sentence_case(nouns[k])}: latest from {place}"])


def build(seed=SEED):
    rng = random.Random(seed)
    articles, truth = [], {}
    for inc in INCIDENTS:
        for offset in article_days(inc, rng):
            art = make_article(inc, offset, rng)
            art["event"] = inc.eid
            articles.append(art)
    # Shuffle before numbering so ids say nothing about the grouping, then order by date.
    rng.shuffle(articles)
    for i, art in enumerate(articles):
        art["id"] = f"ev-{i + 1:04d}"
        art["url"] = f"https://news.example/{art['outlet'].lower().replace(' ', '-')}/{art['id']}"
    articles.sort(key=lambda a: (a["date"], a["id"]))
    for art in articles:
        truth.setdefault(art.pop("event"), []).append(art["id"])
    for ids in truth.values():
        ids.sort()
    return articles, dict(sorted(truth.items()))


def render(articles, truth):
    lines = [json.dumps({"id": a["id"], "date": a["date"], "outlet": a["outlet"], "title": a["title"],
                         "url": a["url"], "text": a["text"]}, ensure_ascii=False) for a in articles]
    return "\n".join(lines) + "\n", json.dumps(truth, indent=1, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the stored files instead of writing")
    ap.add_argument("--out", default=OUT_DIR)
    args = ap.parse_args()
    articles_text, truth_text = render(*build())
    paths = {os.path.join(args.out, "articles.jsonl"): articles_text, os.path.join(args.out, "truth.json"): truth_text}
    if args.check:
        stale = [p for p, t in paths.items() if not os.path.exists(p) or open(p, encoding="utf-8").read() != t]
        for p in stale:
            print(f"{p}: differs from what scripts/make_event_set.py writes", file=sys.stderr)
        return 1 if stale else 0
    os.makedirs(args.out, exist_ok=True)
    for p, t in paths.items():
        with open(p, "w", encoding="utf-8") as f:
            f.write(t)
    n_events = len(json.loads(truth_text))
    print(f"wrote {len(articles_text.splitlines())} articles about {n_events} events to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
