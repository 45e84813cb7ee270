"""Write the Blue-Harbor sample negotiation into import/blue-harbor/.

The sample is a fictional, realistic stakeholder map and contact log for the
"Blue-Harbor Accord" (2022-2024) between the Republic of Alvara and the
Republic of Dalvenia, mediated by the Coastal Seas Council. It has structure
planted on purpose (brokers, trust nodes, friction points, one-sided and
cooling ties, unbalanced signed triangles) that the analyses must find; see
import/blue-harbor/README.md for the story and for what a careful reader
should find.

Standard library only, seeded and deterministic: running it twice writes
byte-identical files.

    python3 scripts/make_sample.py [--out DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_stances import LEVELS, STANCES  # the data beside this script

SEED = 20240618
OUT_DIR = Path(__file__).resolve().parent.parent / "import" / "blue-harbor"

FISH = "fisheries"
WIND = "renewable-energy"
SEC = "security-patrols"
ANY = "any"  # a generic row picks one of the three tracks, or none

# Six half-year periods. Counts and mean sentiments of a tie are given per period.
PERIODS = [
    (dt.date(2022, 1, 3), dt.date(2022, 6, 30)),
    (dt.date(2022, 7, 1), dt.date(2022, 12, 22)),
    (dt.date(2023, 1, 9), dt.date(2023, 6, 30)),
    (dt.date(2023, 7, 3), dt.date(2023, 12, 21)),
    (dt.date(2024, 1, 8), dt.date(2024, 6, 28)),
    (dt.date(2024, 7, 1), dt.date(2024, 12, 20)),
]

ALVARA = "Alvara"
DALVENIA = "Dalvenia"
COUNCIL = "Coastal Seas Council"

# fmt: off
# id, name, party, organization, role, tier, kind, notes
STAKEHOLDERS = [
    # --- Republic of Alvara -------------------------------------------------
    ("A-01", "Helena Vasconcelos", ALVARA, "Ministry of Foreign Affairs", "Minister of Foreign Affairs", "official", "state", "Signed the accord for Alvara"),
    ("A-02", "Duarte Mendonça", ALVARA, "Ministry of Foreign Affairs", "Ambassador-at-large; head of delegation", "official", "state", "Career diplomat, former ambassador to the Council"),
    ("A-03", "Inês Carvalho", ALVARA, "Ministry of Foreign Affairs", "Legal adviser, law of the sea", "official", "state", ""),
    ("A-04", "João Albuquerque", ALVARA, "Ministry of Finance, Office of Economic Analysis", "Senior economist; fisheries track lead", "official", "state", "Ran the joint resource-valuation workshop, Feb 2023"),
    ("A-05", "Teresa Lobo", ALVARA, "Ministry of Fisheries and the Sea", "Minister of Fisheries and the Sea", "official", "state", ""),
    ("A-06", "Paulo Seixas", ALVARA, "Ministry of Fisheries and the Sea", "Director-General of Fisheries (quotas)", "official", "state", "Owns the annual quota table"),
    ("A-07", "Marta Quintela", ALVARA, "Ministry of Energy and Climate", "Secretary of State for Energy", "official", "state", ""),
    ("A-08", "Nuno Faria", ALVARA, "Ministry of Energy and Climate", "Director of Offshore Energy; renewable-energy track lead", "official", "state", ""),
    ("A-09", "Álvaro Brandão", ALVARA, "Ministry of Defence", "Minister of Defence", "official", "state", ""),
    ("A-10", "Cmdr. Sofia Rebelo", ALVARA, "Ministry of Defence, Naval Staff", "Security track lead", "official", "state", ""),
    ("A-11", "Adm. Jorge Pacheco", ALVARA, "Alvaran Coast Guard", "Commandant", "official", "state", ""),
    ("A-12", "Lt. Cmdr. Beatriz Fontes", ALVARA, "Alvaran Coast Guard", "Liaison officer to the joint patrol working group", "official", "state", "Speaks Dalvenian; set up the coast-guard hotline in Nov 2022"),
    ("A-13", "Capt. Miguel Antunes", ALVARA, "Alvaran Coast Guard", "Commander, southern patrol sector", "official", "state", ""),
    ("A-14", "Manuel Correia", ALVARA, "Southern Fishers' Cooperative (Porto Sul)", "President", "civil-society", "non-state", 'Says the accord "sold the Meridian Bank twice"; 40-boat fleet, mostly trawlers'),
    ("A-15", "Rosa Pinheiro", ALVARA, "Southern Fishers' Cooperative (Porto Sul)", "Secretary", "civil-society", "non-state", ""),
    ("A-16", "Vítor Sampaio", ALVARA, "Alvaran Federation of Fishing Cooperatives", "Chair", "civil-society", "non-state", "Represents 23 cooperatives"),
    ("A-17", "Carla Menezes", ALVARA, "Mar Limpo (marine and renewable-energy NGO)", "Executive director", "civil-society", "non-state", "Co-founded the Two Shores Wind Pact with Zelena Obala; respected in both capitals"),
    ("A-18", "Tiago Gouveia", ALVARA, "Alvaran Wind Alliance (NGO)", "Policy officer", "civil-society", "non-state", ""),
    ("A-19", "Ricardo Amaral", ALVARA, "Ventos do Sul Energia", "Chief executive", "civil-society", "non-state", "Domestic offshore-wind developer"),
    ("A-20", "Henrik Dahl", ALVARA, "Nordvind Offshore (multinational)", "Regional director, Alvara and Dalvenia", "civil-society", "non-state", "Based in Porto Alva; holds survey licences on both sides of the line"),
    ("A-21", "Prof. Luísa Barros", ALVARA, "University of Porto Alva, Institute of Marine Sciences", "Marine biologist", "semi-official", "non-state", ""),
    ("A-22", "Dr. Fernando Lima", ALVARA, "National Fisheries Research Institute", "Stock-assessment scientist", "semi-official", "state", ""),
    ("A-23", "Joana Ribeiro", ALVARA, "Diário do Litoral", "Journalist, maritime affairs", "civil-society", "non-state", ""),
    ("A-24", "Alberto Nogueira", ALVARA, "Assembly of the Republic", "MP; chair, fisheries committee (opposition)", "semi-official", "state", "Champion of the southern fleet"),
    ("A-25", "Cristina Leal", ALVARA, "Ministry of Energy and Climate", "Head of offshore lease tenders", "official", "state", ""),
    ("A-26", "Mário Seabra", ALVARA, "Southern Fishers' Cooperative (Porto Sul)", "Skipper, trawler Estrela do Mar", "civil-society", "non-state", "Boat boarded by Dalvenian coast guard, Jan 2022"),
    ("A-27", "Rui Salgado", ALVARA, "Rede Elétrica de Alvara (grid operator)", "Head of offshore grid planning", "semi-official", "state", "State-owned transmission operator"),
    # --- Republic of Dalvenia -----------------------------------------------
    ("B-01", "Mirjana Kovačević", DALVENIA, "Ministry of Foreign and European Affairs", "Minister of Foreign Affairs", "official", "state", "Signed the accord for Dalvenia"),
    ("B-02", "Tomislav Barić", DALVENIA, "Ministry of Foreign and European Affairs", "Ambassador; head of delegation", "official", "state", ""),
    ("B-03", "Petra Novak", DALVENIA, "Ministry of Foreign and European Affairs", "Legal adviser", "official", "state", ""),
    ("B-04", "Davor Horvat", DALVENIA, "Ministry of Fisheries and Maritime Economy", "Minister of Fisheries", "official", "state", ""),
    ("B-05", "Ana Marić", DALVENIA, "Ministry of Fisheries and Maritime Economy", "Director of Fisheries; fisheries track lead", "official", "state", "Studied fisheries economics with A-04 (2007-2009)"),
    ("B-06", "Luka Perić", DALVENIA, "Ministry of Fisheries and Maritime Economy", "Head of stock-assessment unit", "official", "state", ""),
    ("B-07", "Zoran Babić", DALVENIA, "Ministry of Economy and Energy", "Minister of Economy and Energy", "official", "state", ""),
    ("B-08", "Ivana Jurić", DALVENIA, "Ministry of Economy and Energy", "Head of Renewable Energy Directorate; renewable-energy track lead", "official", "state", ""),
    ("B-09", "Nikola Matić", DALVENIA, "Ministry of Defence", "Minister of Defence", "official", "state", ""),
    ("B-10", "Dragan Vuković", DALVENIA, "Ministry of Defence", "Deputy Minister of Defence", "official", "state", 'Called the talks "a surrender in slow motion"; opposes joint patrols'),
    ("B-11", "Capt. Goran Šimić", DALVENIA, "Dalvenian Navy", "Security track lead", "official", "state", ""),
    ("B-12", "Rear Adm. Branko Lovrić", DALVENIA, "Dalvenian Coast Guard", "Commander", "official", "state", ""),
    ("B-13", "Cmdr. Josip Tomić", DALVENIA, "Dalvenian Coast Guard", "Commander, western sector", "official", "state", "His cutters made the 2022 boardings"),
    ("B-14", "Lt. Maja Knežević", DALVENIA, "Dalvenian Coast Guard", "Liaison officer to the joint patrol working group", "official", "state", ""),
    ("B-15", "Ante Vidović", DALVENIA, "St Nicholas Fishers' Cooperative (Kastelgrad)", "President", "civil-society", "non-state", "Largest Dalvenian fleet on the Meridian Bank"),
    ("B-16", "Marija Kralj", DALVENIA, "Obalna Mreža (Coastal Communities Network)", "Coordinator", "civil-society", "non-state", ""),
    ("B-17", "Dr. Katarina Pavlović", DALVENIA, "Joint Marine Research Institute (JMRI)", "Senior marine scientist", "semi-official", "non-state", "Runs the joint stock surveys; trusted by both fisheries ministries"),
    ("B-18", "Filip Grgić", DALVENIA, "Bura Energija", "Chief executive", "civil-society", "non-state", "Domestic offshore-wind developer"),
    ("B-19", "Sanja Lončar", DALVENIA, "Zelena Obala (renewable-energy NGO)", "Director", "civil-society", "non-state", ""),
    ("B-20", "Hrvoje Božić", DALVENIA, "Obalni List", "Journalist", "civil-society", "non-state", ""),
    ("B-21", "Vesna Tadić", DALVENIA, "National Assembly", "MP; maritime committee (nationalist opposition)", "semi-official", "state", ""),
    ("B-22", "Igor Mlinar", DALVENIA, "Ministry of Economy and Energy", "Head of lease tender office", "official", "state", ""),
    ("B-23", "Dario Vidović", DALVENIA, "St Nicholas Fishers' Cooperative (Kastelgrad)", "Secretary", "civil-society", "non-state", "Nephew of B-15"),
    ("B-24", "Tena Šarić", DALVENIA, "Ministry of Foreign and European Affairs", "Chief of staff to the Foreign Minister", "official", "state", ""),
    ("B-25", "Mate Jelić", DALVENIA, "St Nicholas Fishers' Cooperative (Kastelgrad)", "Skipper", "civil-society", "non-state", ""),
    ("B-26", "Mislav Pranjić", DALVENIA, "Dalvenian Transmission Operator", "Director, offshore grid", "semi-official", "state", ""),
    ("B-27", "Lidija Kos", DALVENIA, "Port of Kastelgrad Authority", "Head of offshore logistics", "semi-official", "state", "Wants the turbine assembly base"),
    # --- Coastal Seas Council (mediator) ------------------------------------
    ("M-01", "Ingrid Solheim", COUNCIL, "Coastal Seas Council", "Lead envoy", "official", "mediator", "Appointed April 2022; shuttled between Porto Alva and Kastelgrad"),
    ("M-02", "Pieter van den Berg", COUNCIL, "Coastal Seas Council", "Deputy envoy", "official", "mediator", ""),
    ("M-03", "Aoife Brennan", COUNCIL, "Coastal Seas Council", "Legal counsel", "official", "mediator", "Held the pen on the accord text"),
    ("M-04", "Dr. Kwame Mensah", COUNCIL, "Coastal Seas Council", "Marine spatial planning analyst", "official", "mediator", "Built the interactive GIS tool (30% of wind lease rights to Dalvenia)"),
    ("M-05", "Élodie Marchand", COUNCIL, "Coastal Seas Council", "Spokesperson", "official", "mediator", ""),
    ("M-06", "V. Adm. (ret.) Erik Lindqvist", COUNCIL, "Coastal Seas Council", "Security track facilitator", "official", "mediator", ""),
    ("M-07", "Dr. Hanna Virtanen", COUNCIL, "Coastal Seas Council", "Fisheries economist", "official", "mediator", ""),
]
# fmt: on

# Channel mixes for generic rows (weights).
DIPLO = {"meeting": 5, "call": 3, "message": 2}
OFFICE = {"meeting": 3, "call": 3, "message": 4}
FIELD = {"call": 4, "message": 2, "meeting": 2, "site-visit": 1}
DIGITAL = {"message": 6, "call": 2}
QUIET = {"meeting": 3, "call": 3, "back-channel": 2, "message": 1}

# Sentiment profiles: mean per half-year period.
WARM = (0.30, 0.32, 0.38, 0.40, 0.45, 0.40)  # ordinary colleagues
TRUST = (0.60, 0.62, 0.68, 0.70, 0.74, 0.70)  # steady, warm, across the line
THAW = (-0.35, -0.15, 0.30, 0.45, 0.60, 0.45)  # official cross-party: the story arc
THAW_EARLY = (0.10, 0.25, 0.55, 0.60, 0.70, 0.55)  # alumni/mediator: trust came first
HOSTILE = (-0.70, -0.60, -0.45, -0.40, -0.40, -0.50)
COOL = (-0.30, -0.25, -0.15, 0.05, 0.15, 0.05)  # wary but not hostile, mean ~0
CLASH = (-0.30, -0.35, -0.40, -0.50, -0.50, -0.60)  # domestic quarrel
HARD = (-0.60, -0.65, -0.55, -0.60, -0.70, -0.55)  # the hardliner vs. everyone

BUSY = (2, 3, 4, 4, 4, 2)  # relative activity of colleagues per period


def tie(a, b, counts, sents, *, recip=0.4, track=ANY, ch=OFFICE, sd=0.12, conf=0.0):
    """One pair's generic contacts: `counts` and mean sentiments `sents` per period.

    `recip` is the share of contacts initiated by `b`, `track` the issue module (or ANY),
    `ch` the channel mix, `sd` the spread of sentiment around the period's mean and
    `conf` the chance that a non-back-channel row is marked confidential.
    """
    return (a, b, counts, sents, recip, track, ch, sd, conf)


# Colleagues who work together: every pair in a team has `n` contacts spread
# over the six periods (more of them while the talks are busy), unless the pair
# has its own entry in TIES below.
TEAMS = [
    # (members, contacts per pair, track, channel mix)
    (("A-01", "A-02", "A-03"), 3, ANY, DIPLO),  # foreign ministry
    (("A-02", "A-03", "A-04", "A-08", "A-10"), 2, ANY, OFFICE),  # delegation
    (("A-01", "A-05", "A-07", "A-09"), 2, ANY, DIPLO),  # cabinet
    (("A-04", "A-05", "A-06", "A-22"), 3, FISH, OFFICE),  # fisheries
    (("A-06", "A-21", "A-22"), 2, FISH, OFFICE),  # fisheries science
    (("A-07", "A-08", "A-25", "A-27"), 2, WIND, OFFICE),  # energy ministry, grid
    (("A-08", "A-17", "A-19", "A-20", "A-25", "A-27"), 2, WIND, OFFICE),  # wind forum
    (("A-09", "A-10", "A-11"), 2, SEC, OFFICE),  # defence
    (("A-03", "A-06", "A-11", "A-25"), 2, ANY, OFFICE),  # technical working group
    (("A-10", "A-11", "A-12", "A-13"), 2, SEC, FIELD),  # coast guard
    (("A-14", "A-15", "A-16", "A-26"), 3, FISH, FIELD),  # cooperatives
    (("A-14", "A-16", "A-23", "A-24"), 2, FISH, DIGITAL),  # press, parliament
    (("A-17", "A-18", "A-21"), 2, WIND, DIGITAL),  # NGOs, academia
    (("B-01", "B-02", "B-03", "B-24"), 2, ANY, DIPLO),  # foreign ministry
    (("B-02", "B-03", "B-05", "B-08", "B-11"), 2, ANY, OFFICE),  # delegation
    (("B-01", "B-04", "B-07", "B-09"), 2, ANY, DIPLO),  # cabinet
    (("B-04", "B-05", "B-06"), 3, FISH, OFFICE),  # fisheries
    (("B-07", "B-08", "B-22", "B-26"), 2, WIND, OFFICE),  # energy ministry, grid
    (("B-08", "B-18", "B-19", "B-22", "B-26", "B-27"), 2, WIND, OFFICE),  # wind forum
    (("B-09", "B-11", "B-12"), 2, SEC, OFFICE),  # defence
    (("B-03", "B-06", "B-12", "B-22"), 2, ANY, OFFICE),  # technical working group
    (("B-11", "B-12", "B-13", "B-14"), 2, SEC, FIELD),  # coast guard
    (("B-15", "B-23", "B-25"), 3, FISH, FIELD),  # cooperative
    (("B-16", "B-19", "B-20"), 2, ANY, DIGITAL),  # NGOs, press
    (("B-20", "B-21", "B-24"), 2, ANY, DIGITAL),  # press, parliament
    (("M-01", "M-02", "M-03", "M-05"), 3, ANY, DIGITAL),  # envoy's office
    (("M-01", "M-04", "M-06", "M-07"), 2, ANY, OFFICE),  # track advisers
]

# fmt: off
TIES = [
    # === Inside a party: ties with a story ===================================
    tie("A-04", "A-16", (0, 0, 1, 1, 1, 0), WARM, track=FISH),
    tie("A-04", "A-14", (0, 1, 1, 1, 0, 0), (0, 0.05, 0.15, 0.20, 0.35, 0), track=FISH, ch=FIELD),
    tie("A-05", "A-16", (1, 0, 2, 1, 1, 2), (0.0, 0.05, 0.10, 0.25, 0.35, 0.05), track=FISH, ch=DIPLO),
    tie("A-06", "A-16", (1, 0, 1, 1, 2, 1), (0.05, 0.10, 0.15, 0.30, 0.35, 0.05), track=FISH),
    tie("A-12", "A-14", (1, 0, 1, 1, 0, 1), (0.15, 0.20, 0.25, 0.30, 0.30, 0.25), track=SEC, ch=FIELD),
    tie("A-13", "A-26", (1, 1, 1, 0, 0, 1), (0.10, 0.15, 0.20, 0.20, 0, 0.15), track=SEC, ch=FIELD),
    tie("A-14", "A-16", (1, 2, 1, 1, 2, 1), (0.35, 0.35, 0.30, 0.30, 0.30, 0.15), recip=0.5, track=FISH),
    tie("A-23", "A-14", (1, 1, 1, 0, 1, 1), (0.10, 0.10, 0.10, 0.10, 0.10, 0.20), recip=0.4, track=FISH, ch=DIGITAL),
    tie("A-24", "A-05", (1, 0, 1, 1, 0, 1), (0.10, 0.10, 0.15, 0.20, 0.20, 0.05), recip=0.5, track=FISH),
    tie("B-04", "B-15", (1, 1, 1, 2, 1, 1), (0.10, 0.10, 0.20, 0.25, 0.30, 0.30), recip=0.5, track=FISH, ch=DIPLO),
    tie("B-05", "B-15", (1, 0, 2, 1, 1, 1), (0.05, 0.10, 0.20, 0.25, 0.30, 0.30), track=FISH),
    tie("B-05", "B-23", (0, 0, 1, 0, 1, 0), WARM, track=FISH),
    tie("B-23", "B-16", (0, 1, 0, 1, 0, 0), WARM, track=FISH),
    tie("B-15", "B-21", (1, 0, 1, 0, 1, 0), WARM, recip=0.5, track=FISH),
    tie("B-21", "B-04", (0, 1, 0, 1, 0, 1), (0.10, 0.10, 0.15, 0.15, 0.20, 0.20), recip=0.5, track=FISH),
    tie("B-20", "B-15", (1, 0, 1, 1, 0, 1), (0.10, 0.10, 0.10, 0.15, 0.15, 0.15), track=FISH, ch=DIGITAL),
    tie("B-09", "B-10", (1, 1, 2, 1, 1, 1), WARM, recip=0.5, track=SEC, ch=DIPLO),
    tie("B-10", "B-13", (1, 2, 0, 1, 1, 0), (0.50, 0.50, 0.45, 0.40, 0.40, 0.40), recip=0.4, track=SEC, ch=QUIET, conf=0.3),
    tie("B-10", "B-21", (1, 0, 1, 1, 1, 1), (0.55, 0.55, 0.55, 0.60, 0.60, 0.55), recip=0.5, ch=QUIET),
    tie("B-13", "B-25", (1, 0, 1, 0, 1, 0), (0.15, 0.15, 0.20, 0, 0.20, 0.20), track=SEC, ch=FIELD),
    tie("B-06", "B-17", (1, 2, 1, 1, 2, 1), TRUST, recip=0.5, track=FISH),
    tie("B-05", "B-17", (1, 1, 1, 2, 1, 1), TRUST, recip=0.5, track=FISH),
    # === Across the line: brokers ============================================
    # M-01, lead envoy: shuttles between both delegations and all tracks.
    tie("M-01", "A-01", (1, 0, 1, 0, 2, 0), THAW_EARLY, recip=0.4, ch=DIPLO),
    tie("M-01", "B-01", (1, 0, 1, 0, 2, 0), THAW_EARLY, recip=0.4, ch=DIPLO),
    tie("M-01", "A-02", (1, 2, 2, 2, 1, 2), TRUST, recip=0.5, ch=QUIET, conf=0.1),
    tie("M-01", "B-02", (1, 2, 2, 2, 1, 2), TRUST, recip=0.5, ch=QUIET, conf=0.1),
    tie("M-01", "A-04", (1, 1, 1, 1, 1, 0), TRUST, recip=0.5, track=FISH),
    tie("M-01", "B-05", (1, 1, 1, 1, 1, 0), TRUST, recip=0.5, track=FISH),
    tie("M-01", "A-09", (0, 1, 1, 1, 1, 0), THAW_EARLY, recip=0.4, track=SEC, ch=DIPLO),
    tie("M-01", "B-09", (0, 1, 1, 1, 1, 0), THAW_EARLY, recip=0.4, track=SEC, ch=DIPLO),
    tie("M-01", "A-24", (0, 0, 0, 1, 2, 0), (0, 0, 0, 0.20, 0.30, 0), recip=0.4, track=FISH),
    tie("M-01", "B-21", (0, 0, 0, 1, 2, 0), (0, 0, 0, 0.15, 0.25, 0), recip=0.4),
    tie("M-01", "A-16", (0, 0, 1, 1, 1, 1), (0, 0, 0.45, 0.50, 0.55, 0.50), recip=0.5, track=FISH, ch=FIELD),
    tie("M-01", "B-15", (0, 1, 1, 1, 1, 1), (0, 0.40, 0.45, 0.45, 0.50, 0.45), recip=0.5, track=FISH, ch=FIELD),
    tie("M-01", "B-04", (1, 0, 1, 1, 1, 1), TRUST, recip=0.5, track=FISH, ch=DIPLO),
    tie("M-01", "A-05", (0, 1, 1, 1, 1, 1), TRUST, recip=0.5, track=FISH, ch=DIPLO),
    tie("M-01", "B-17", (0, 1, 0, 1, 0, 2), TRUST, recip=0.5, track=FISH),
    tie("M-01", "B-24", (1, 0, 1, 0, 1, 1), WARM, recip=0.5, ch=DIGITAL),
    # A-04, senior economist: the fisheries-track bridge (alumnus of B-05).
    tie("A-04", "B-05", (1, 1, 3, 2, 2, 0), THAW_EARLY, recip=0.5, track=FISH, ch=QUIET, conf=0.15),
    tie("A-04", "B-06", (0, 1, 1, 2, 1, 0), THAW, recip=0.5, track=FISH),
    tie("A-04", "B-04", (0, 1, 1, 0, 2, 0), THAW, recip=0.4, track=FISH, ch=DIPLO),
    tie("A-04", "B-15", (0, 0, 1, 1, 0, 0), (0, 0, 0.15, 0.25, 0.30, 0), recip=0.5, track=FISH, ch=FIELD),
    tie("A-04", "B-23", (0, 0, 1, 0, 1, 0), (0, 0, 0.20, 0.25, 0.30, 0), recip=0.5, track=FISH),
    tie("A-04", "M-07", (1, 1, 1, 1, 0, 0), WARM, recip=0.5, track=FISH),
    tie("A-04", "B-16", (0, 0, 1, 0, 1, 0), (0, 0, 0.30, 0.35, 0.40, 0), recip=0.5, track=FISH),
    # A-12, coast-guard liaison: the security-track bridge.
    tie("A-12", "B-14", (0, 2, 2, 1, 2, 2), THAW, recip=0.5, track=SEC, ch=FIELD, conf=0.2),
    tie("A-12", "B-12", (0, 1, 1, 1, 1, 1), THAW, recip=0.4, track=SEC, conf=0.2),
    tie("A-12", "B-13", (0, 1, 1, 2, 1, 1), THAW, recip=0.5, track=SEC, ch=FIELD, conf=0.2),
    tie("A-12", "B-11", (0, 1, 0, 1, 2, 0), THAW, recip=0.4, track=SEC, conf=0.2),
    tie("A-12", "B-25", (0, 0, 1, 0, 1, 0), (0, 0, 0.10, 0.20, 0.30, 0.30), recip=0.5, track=SEC, ch=FIELD),
    tie("A-12", "M-06", (0, 1, 1, 1, 1, 1), WARM, recip=0.5, track=SEC),
    tie("A-12", "B-09", (0, 0, 1, 0, 1, 0), THAW, recip=0.3, track=SEC, ch=DIPLO),
    # A-20, Nordvind's regional director: deals with both energy ministries.
    tie("A-20", "B-08", (1, 1, 1, 2, 4, 1), (-0.35, -0.15, 0.30, 0.45, 0.60, -0.35), recip=0.4, track=WIND),
    tie("A-20", "B-07", (1, 0, 1, 1, 1, 0), THAW, recip=0.4, track=WIND, ch=DIPLO),
    tie("A-20", "B-22", (1, 1, 1, 2, 3, 1), (-0.35, -0.15, 0.30, 0.45, 0.60, -0.40), recip=0.4, track=WIND),
    tie("A-20", "B-19", (0, 1, 0, 1, 1, 0), WARM, recip=0.5, track=WIND),
    tie("A-20", "B-18", (0, 1, 0, 1, 0, 0), (0, 0.10, 0.20, 0.25, 0.20, 0), recip=0.5, track=WIND),
    tie("A-20", "B-26", (0, 1, 1, 1, 1, 0), THAW, recip=0.4, track=WIND),
    tie("A-20", "A-07", (1, 0, 1, 1, 1, 0), WARM, recip=0.4, track=WIND, ch=DIPLO),
    tie("A-20", "B-04", (0, 1, 1, 1, 1, 0), THAW, recip=0.4, track=WIND, ch=DIPLO),
    tie("A-20", "B-27", (0, 0, 1, 1, 1, 1), (0, 0, 0.30, 0.40, 0.45, 0.40), recip=0.5, track=WIND, ch=FIELD),
    tie("A-20", "M-04", (0, 0, 1, 1, 0, 0), WARM, recip=0.5, track=WIND),
    # === Across the line: trust nodes =======================================
    # B-17, JMRI scientist: steady joint science with both sides.
    tie("B-17", "A-22", (2, 1, 2, 1, 2, 1), TRUST, recip=0.5, track=FISH),
    tie("B-17", "A-21", (1, 1, 2, 1, 2, 1), TRUST, recip=0.5, track=FISH),
    tie("B-17", "A-04", (1, 1, 1, 1, 1, 1), TRUST, recip=0.5, track=FISH),
    tie("B-17", "M-07", (1, 1, 1, 1, 1, 1), TRUST, recip=0.5, track=FISH),
    # A-17, Mar Limpo: respected by both energy communities.
    tie("A-17", "B-19", (2, 1, 2, 1, 2, 2), TRUST, recip=0.5, track=WIND, ch=DIGITAL),
    tie("A-17", "B-16", (1, 1, 0, 1, 1, 1), TRUST, recip=0.5, track=FISH, ch=DIGITAL),
    tie("A-17", "B-18", (0, 1, 1, 0, 1, 1), TRUST, recip=0.5, track=WIND),
    # === Across the line: mediator staff ====================================
    tie("M-03", "A-03", (0, 1, 1, 1, 2, 0), WARM, recip=0.5),
    tie("M-03", "B-03", (0, 1, 1, 1, 2, 0), WARM, recip=0.5),
    tie("M-04", "A-08", (0, 0, 1, 1, 0, 0), WARM, recip=0.5, track=WIND),
    tie("M-04", "B-08", (0, 0, 1, 1, 0, 0), WARM, recip=0.5, track=WIND),
    tie("M-06", "B-14", (0, 1, 1, 1, 1, 0), WARM, recip=0.5, track=SEC),
    tie("M-05", "B-20", (1, 0, 1, 0, 1, 1), (0.10, 0.15, 0.20, 0.25, 0.30, 0.25), recip=0.5, ch=DIGITAL),
    # === Friction ============================================================
    # B-10, hardline deputy defence minister: negative with almost everyone
    # outside his own circle, including his own Foreign Minister.
    tie("B-10", "B-01", (1, 1, 1, 1, 2, 1), HARD, recip=0.3, ch=DIPLO, conf=0.3),
    tie("B-10", "B-02", (1, 1, 1, 1, 1, 0), HARD, recip=0.3, ch=DIPLO),
    tie("B-10", "B-12", (0, 0, 1, 1, 1, 1), (0, 0, -0.40, -0.45, -0.50, -0.55), recip=0.3, track=SEC),
    tie("B-10", "M-01", (1, 1, 1, 0, 1, 0), HARD, recip=0.5, track=SEC),
    tie("B-10", "M-06", (0, 1, 1, 1, 0, 0), HARD, recip=0.5, track=SEC),
    tie("B-10", "A-09", (1, 1, 0, 0, 0, 0), HARD, recip=0.3, track=SEC, ch=DIGITAL),
    tie("B-10", "A-10", (0, 1, 1, 1, 0, 0), HARD, recip=0.3, track=SEC),
    tie("B-10", "A-12", (0, 0, 1, 1, 0, 0), HARD, recip=0.0, track=SEC),
    # A-14, Southern Fishers' Cooperative: at sea with Dalvenia's coast guard
    # and fleet, at home with the wind developers and (from Sept 2024) his ministry.
    tie("A-14", "B-13", (3, 2, 1, 1, 1, 1), HOSTILE, recip=0.4, track=FISH, ch=FIELD),
    tie("A-14", "B-12", (1, 1, 0, 1, 0, 0), HOSTILE, recip=0.0, track=FISH, ch=DIGITAL),
    tie("A-14", "B-15", (2, 1, 1, 1, 1, 1), HOSTILE, recip=0.5, track=FISH, ch=FIELD),
    tie("A-14", "A-20", (0, 1, 1, 1, 1, 0), CLASH, recip=0.4, track=WIND),
    tie("A-14", "A-19", (0, 1, 1, 1, 0, 1), CLASH, recip=0.3, track=WIND),
    tie("A-14", "A-11", (1, 1, 0, 0, 0, 0), CLASH, recip=0.5, track=SEC, ch=DIGITAL),
    tie("A-14", "A-05", (1, 1, 1, 1, 1, 1), (-0.30, -0.25, -0.35, -0.10, 0.10, -0.70), recip=0.3, track=FISH, ch=DIPLO),
    tie("A-26", "B-13", (2, 1, 0, 0, 1, 0), HOSTILE, recip=0.5, track=FISH, ch=FIELD),
    # B-15, St Nicholas cooperative: at sea with Alvara's coast guard, at home
    # with the wind developers.
    tie("B-15", "A-13", (2, 2, 1, 1, 1, 1), HOSTILE, recip=0.4, track=FISH, ch=FIELD),
    tie("B-15", "A-11", (1, 1, 0, 1, 0, 0), HOSTILE, recip=0.0, track=FISH, ch=DIGITAL),
    tie("B-15", "B-18", (0, 1, 1, 1, 1, 1), CLASH, recip=0.4, track=WIND),
    tie("B-15", "A-20", (0, 0, 1, 1, 1, 0), CLASH, recip=0.3, track=WIND),
    tie("B-25", "A-13", (1, 1, 0, 0, 0, 0), HOSTILE, recip=0.5, track=FISH, ch=FIELD),
    tie("B-15", "A-26", (1, 1, 1, 0, 0, 0), HOSTILE, recip=0.5, track=FISH, ch=FIELD),
    # Declared rivalries between developers.
    tie("A-19", "A-20", (1, 1, 1, 1, 2, 1), CLASH, recip=0.5, track=WIND),
    # Wary official contacts: mean close to zero or below.
    tie("A-11", "B-12", (2, 1, 0, 0, 1, 1), COOL, recip=0.5, track=SEC),
    tie("A-13", "B-13", (1, 1, 0, 0, 0, 0), HOSTILE, recip=0.5, track=SEC, ch=FIELD),
    tie("A-24", "B-21", (1, 0, 1, 0, 1, 0), HOSTILE, recip=0.5, ch=DIGITAL),
    # === One-sided ===========================================================
    tie("B-16", "B-04", (0, 1, 2, 2, 2, 2), (0, 0.20, 0.15, 0.05, 0.0, -0.10), recip=0.0, track=FISH, ch=DIGITAL, sd=0.08),
    tie("A-18", "A-07", (0, 1, 2, 2, 2, 1), (0, 0.25, 0.20, 0.10, 0.05, 0.0), recip=0.0, track=WIND, ch=DIGITAL, sd=0.08),
    tie("A-23", "M-05", (1, 1, 1, 2, 2, 1), (0.10, 0.05, 0.05, 0.10, 0.05, 0.0), recip=0.0, ch=DIGITAL, sd=0.08),
    # === Cooling in 2024H2 ===================================================
    tie("A-14", "A-06", (1, 1, 2, 2, 4, 1), (0.25, 0.30, 0.20, 0.35, 0.50, -0.60), recip=0.5, track=FISH),
]

# Notable contacts: date, source, target, channel, track, sentiment, confidential, notes.
EVENTS = [
    ("2022-01-19", "B-13", "A-26", "call", FISH, -0.85, "", "VHF exchange during boarding of trawler Estrela do Mar on the Meridian Bank"),
    ("2022-01-20", "A-14", "B-13", "message", FISH, -0.80, "", "Cooperative demands release of the Estrela do Mar and her crew"),
    ("2022-01-21", "A-14", "A-11", "call", SEC, -0.30, "", "Asks for escort of the southern fleet"),
    ("2022-03-03", "A-11", "B-12", "call", SEC, -0.70, "", "Formal protest over detention of two Alvaran trawlers"),
    ("2022-03-15", "B-10", "A-09", "message", SEC, -0.80, "", "Warns Alvaran patrol vessels to stay out of the zone"),
    ("2022-04-07", "B-15", "A-13", "call", FISH, -0.75, "", "Nets cut near the median line; accuses Alvaran patrol of harassment"),
    ("2022-04-26", "M-01", "A-01", "meeting", "", 0.30, "", "Envoy's first call on the Foreign Minister after her appointment"),
    ("2022-04-28", "M-01", "B-01", "meeting", "", 0.20, "", "Envoy's first visit to Kastelgrad"),
    ("2022-05-13", "A-04", "B-05", "back-channel", FISH, 0.55, "yes", "Dinner of former classmates; agree valuation data could be shared"),
    ("2022-06-09", "B-10", "M-01", "meeting", SEC, -0.65, "", "Deputy minister refuses to put patrols on the agenda"),
    ("2022-07-12", "A-13", "B-13", "call", SEC, -0.80, "", "Near-collision between patrol cutters on the Meridian Bank"),
    ("2022-09-20", "M-01", "B-02", "back-channel", "", 0.40, "yes", "Quiet shuttle: Dalvenia accepts talks in separate tracks"),
    ("2022-10-05", "M-01", "A-02", "meeting", "", 0.50, "", "Three tracks agreed: fisheries, renewable energy, security patrols"),
    ("2022-10-05", "M-01", "B-02", "meeting", "", 0.45, "", "Three tracks agreed: fisheries, renewable energy, security patrols"),
    ("2022-11-17", "A-12", "B-14", "meeting", SEC, 0.30, "", "First liaison officers' meeting; hotline numbers exchanged"),
    ("2023-02-14", "A-04", "B-05", "workshop", FISH, 0.75, "", "Opens the joint resource-valuation workshop hosted by the fisheries ministry in Kastelgrad"),
    ("2023-02-14", "A-04", "B-04", "workshop", FISH, 0.55, "", "Minister attends opening session of the valuation workshop"),
    ("2023-02-15", "A-04", "B-06", "workshop", FISH, 0.65, "", "Stock-assessment series reconciled, 2012-2022"),
    ("2023-02-15", "B-17", "A-04", "workshop", FISH, 0.70, "", "JMRI presents the joint survey method"),
    ("2023-02-16", "B-15", "A-04", "workshop", FISH, 0.20, "", "Cooperative leaders attend; sceptical, but accept the valuation method"),
    ("2023-02-16", "M-07", "A-04", "workshop", FISH, 0.60, "", "Council economist co-signs the valuation note"),
    ("2023-03-08", "B-05", "A-04", "message", FISH, 0.60, "", "Shares landing data for 2015-2022, as promised"),
    ("2023-04-20", "M-01", "A-02", "meeting", FISH, 0.60, "", "No-fishing zone agreed as a confidence-building measure, 1 May to 31 July"),
    ("2023-04-20", "M-01", "B-02", "meeting", FISH, 0.60, "", "No-fishing zone agreed as a confidence-building measure, 1 May to 31 July"),
    ("2023-04-27", "A-14", "A-06", "meeting", FISH, -0.40, "", "Protests the three-month closure; demands compensation"),
    ("2023-05-02", "A-12", "B-14", "call", SEC, 0.50, "", "Joint monitoring of the no-fishing zone begins"),
    ("2023-06-05", "B-13", "A-12", "call", SEC, 0.45, "", "Reports no incursions during the first month of the closure"),
    ("2023-08-03", "B-17", "A-22", "site-visit", FISH, 0.75, "", "Survey cruise: juvenile hake recovering inside the closed zone"),
    ("2023-09-12", "M-04", "A-08", "workshop", WIND, 0.60, "", "Interactive GIS tool shown: 30% of wind lease rights to Dalvenia"),
    ("2023-09-12", "M-04", "B-08", "workshop", WIND, 0.65, "", "Interactive GIS tool shown: 30% of wind lease rights to Dalvenia"),
    ("2023-09-27", "A-20", "B-08", "site-visit", WIND, 0.55, "", "Site visit to Meridian North-1 with the renewable energy directorate"),
    ("2023-11-09", "A-05", "A-16", "meeting", FISH, 0.35, "", "Ministry briefs the cooperatives on the draft fisheries chapter"),
    ("2023-11-14", "B-04", "B-15", "meeting", FISH, 0.30, "", "Ministry briefs St Nicholas cooperative on the draft fisheries chapter"),
    ("2023-11-22", "A-07", "A-17", "meeting", WIND, 0.55, "", "NGOs consulted on the revenue-sharing annex"),
    ("2023-12-06", "B-10", "B-01", "meeting", SEC, -0.75, "yes", "Deputy minister objects to the joint patrol text in cabinet"),
    ("2024-02-21", "A-17", "B-19", "meeting", WIND, 0.80, "", "Joint NGO statement backing the revenue-sharing formula"),
    ("2024-03-14", "A-20", "A-19", "meeting", WIND, -0.60, "", "Row over the Site North-2 bid consortium"),
    ("2024-04-18", "M-01", "B-02", "back-channel", WIND, 0.60, "yes", "45% share of wind revenues floated for Dalvenia"),
    ("2024-04-19", "M-01", "A-02", "back-channel", WIND, 0.55, "yes", "Alvara can live with 45% if the joint authority controls tenders"),
    ("2024-05-22", "A-06", "A-14", "meeting", FISH, 0.60, "", "Cooperative backs the fisheries chapter after quota assurances"),
    ("2024-06-18", "M-01", "A-01", "meeting", "", 0.90, "", "Signing of the Blue-Harbor Accord"),
    ("2024-06-18", "M-01", "B-01", "meeting", "", 0.90, "", "Signing of the Blue-Harbor Accord"),
    ("2024-06-19", "B-10", "B-21", "back-channel", SEC, 0.60, "yes", "Briefs the opposition MP against ratification"),
    ("2024-09-02", "A-12", "B-14", "site-visit", SEC, 0.80, "", "First shared coast-guard patrol of the Meridian Bank"),
    ("2024-09-04", "A-11", "B-12", "meeting", SEC, 0.60, "", "Commandants sign the shared patrol standard operating procedures"),
    ("2024-09-16", "A-06", "A-14", "meeting", FISH, -0.60, "", "2025 quota table announced: southern fleet cut 12%"),
    ("2024-09-18", "A-14", "A-06", "message", FISH, -0.75, "", "Cooperative rejects the quota table; threatens to blockade Porto Sul"),
    ("2024-10-02", "A-14", "A-05", "message", FISH, -0.80, "", 'Open letter: "the ministry traded our quota for wind money"'),
    ("2024-10-10", "B-22", "A-20", "message", WIND, -0.50, "", "Tender rules give Dalvenian firms priority on Meridian North-1"),
    ("2024-11-06", "A-20", "B-08", "meeting", WIND, -0.35, "yes", "Nordvind formally contests the lease tender"),
    ("2024-11-20", "M-01", "A-02", "meeting", "", 0.60, "", "First board meeting of the joint management authority"),
    ("2024-11-20", "M-01", "B-02", "meeting", "", 0.60, "", "First board meeting of the joint management authority"),
    ("2024-12-05", "B-17", "A-21", "meeting", FISH, 0.75, "", "JMRI annual survey: spawning biomass up on the Meridian Bank"),
]

# Declared ties: source, target, type, sign, weight, directed, notes.
RELATIONSHIPS = [
    ("A-04", "B-05", "alumni", "+1", 3, "no", "Studied fisheries economics together, 2007-2009"),
    ("A-17", "B-19", "alliance", "+1", 3, "no", "Two Shores Wind Pact, founded 2021"),
    ("B-17", "A-21", "alliance", "+1", 2, "no", "Joint survey programme at JMRI"),
    ("A-14", "A-24", "alliance", "+1", 2, "no", "MP for Porto Sul; champions the southern fleet"),
    ("B-10", "B-13", "alliance", "+1", 2, "no", "Served together in the navy; both oppose joint patrols"),
    ("B-10", "B-21", "alliance", "+1", 2, "no", "Same nationalist faction"),
    ("B-15", "B-23", "kinship", "+1", 3, "no", "Uncle and nephew"),
    ("A-14", "A-15", "kinship", "+1", 2, "no", "Cousins"),
    ("A-19", "A-20", "rivalry", "-1", 3, "no", "Competing bids for Site North-2"),
    ("A-14", "B-15", "rivalry", "-1", 3, "no", "Rival fleets on the Meridian Bank"),
    ("A-14", "B-13", "rivalry", "-1", 2, "no", "Boarding of the Estrela do Mar, Jan 2022"),
    ("B-10", "B-01", "rivalry", "-1", 2, "false", 'Publicly split over the talks; "surrender in slow motion"'),
    ("A-02", "A-01", "reports-to", "+1", 2, "yes", ""),
    ("A-04", "A-02", "reports-to", "+1", 1, "yes", "Fisheries track lead reports to the head of delegation"),
    ("A-06", "A-05", "reports-to", "+1", 2, "yes", ""),
    ("A-08", "A-07", "reports-to", "+1", 2, "yes", ""),
    ("A-10", "A-09", "reports-to", "+1", 2, "yes", ""),
    ("A-12", "A-11", "reports-to", "+1", 2, "yes", ""),
    ("A-13", "A-11", "reports-to", "+1", 2, "yes", ""),
    ("B-02", "B-01", "reports-to", "+1", 2, "yes", ""),
    ("B-05", "B-04", "reports-to", "+1", 2, "yes", ""),
    ("B-08", "B-07", "reports-to", "+1", 2, "yes", ""),
    ("B-10", "B-09", "reports-to", "+1", 2, "yes", ""),
    ("B-13", "B-12", "reports-to", "+1", 2, "yes", ""),
    ("B-14", "B-12", "reports-to", "+1", 2, "yes", ""),
    ("M-02", "M-01", "reports-to", "+1", 2, "yes", ""),
    ("M-06", "M-01", "reports-to", "+1", 1, "yes", ""),
]
# fmt: on

PARTY = {row[0]: row[2] for row in STAKEHOLDERS}
COUNCIL_START = dt.date(2022, 5, 2)  # the envoy's first calls: 26-28 April 2022
HOTLINE = dt.date(2022, 11, 18)  # the liaison officers first met on 17 Nov 2022


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    names = list(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


def _not_before(a: str, b: str) -> dt.date:
    """Earliest plausible date of a generic contact between a and b."""
    parties = {PARTY[a], PARTY[b]}
    if "A-12" in (a, b) and DALVENIA in parties:
        return HOTLINE
    if COUNCIL in parties:
        return COUNCIL_START
    return PERIODS[0][0]


def _date_in(rng: random.Random, period: int, channel: str, not_before: dt.date) -> dt.date:
    start, end = PERIODS[period]
    start = max(start, not_before)
    assert start <= end, (period, not_before)
    day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    if channel in ("meeting", "workshop", "site-visit") and day.weekday() >= 5:
        day -= dt.timedelta(days=day.weekday() - 4)  # weekend -> Friday
    assert day >= start, day
    return day


def _sentiment(value: float) -> str:
    value = max(-1.0, min(1.0, value))
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def _team_ties(rng: random.Random) -> list[tuple]:
    """Turn TEAMS into tie specs, skipping pairs that have their own entry."""
    taken = {frozenset(t[:2]) for t in TIES}
    specs = []
    for members, n, track, channels in TEAMS:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if frozenset((a, b)) in taken:
                    continue
                taken.add(frozenset((a, b)))
                counts = [0] * len(PERIODS)
                for p in rng.choices(range(len(PERIODS)), weights=BUSY, k=n):
                    counts[p] += 1
                specs.append(tie(a, b, tuple(counts), WARM, recip=0.5, track=track, ch=channels))
    return specs


def generate_interactions(rng: random.Random) -> list[list[str]]:
    """Expand the teams, tie specs and notable events into dated contact rows."""
    ids = {row[0] for row in STAKEHOLDERS}
    rows = []
    for a, b, counts, sents, recip, track, channels, sd, conf in _team_ties(rng) + TIES:
        assert a in ids and b in ids and a != b, (a, b)
        slots = [(p, sents[p]) for p in range(len(PERIODS)) for _ in range(counts[p])]
        n_rev = round(len(slots) * recip)
        if recip > 0 and n_rev == 0 and len(slots) >= 2:
            n_rev = 1
        reversed_slots = set(rng.sample(range(len(slots)), n_rev))
        not_before = _not_before(a, b)
        for k, (period, mean) in enumerate(slots):
            src, dst = (b, a) if k in reversed_slots else (a, b)
            channel = _pick(rng, channels)
            if track == ANY:
                row_track = rng.choice((FISH, WIND, SEC, FISH, WIND, SEC, ""))
            else:
                row_track = track
            sensitive = channel == "back-channel" or (conf and rng.random() < conf)
            rows.append(
                [
                    _date_in(rng, period, channel, not_before).isoformat(),
                    src,
                    dst,
                    channel,
                    row_track,
                    _sentiment(rng.gauss(mean, sd)),
                    "yes" if sensitive else "",
                    "",
                ]
            )
    for date, src, dst, channel, track, sent, conf, note in EVENTS:
        assert src in ids and dst in ids and src != dst, (src, dst)
        sensitive = "yes" if channel == "back-channel" else conf
        rows.append([date, src, dst, channel, track, _sentiment(sent), sensitive, note])
    rows.sort(key=lambda r: r[0])  # stable: same-day rows keep generation order
    return [[f"I-{i:04d}", *row] for i, row in enumerate(rows, start=1)]


def _write(path: Path, header: list[str], rows: list) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    interactions = generate_interactions(rng)
    _write(
        args.out / "stakeholders.csv",
        ["id", "name", "party", "organization", "role", "tier", "kind", "power", "interest",
         "notes"],
        [(*row[:7], *LEVELS[row[0]], row[7]) for row in STAKEHOLDERS],
    )  # fmt: skip
    _write(
        args.out / "interactions.csv",
        [
            "id",
            "date",
            "source",
            "target",
            "channel",
            "track",
            "sentiment",
            "confidential",
            "notes",
        ],
        interactions,
    )
    _write(
        args.out / "relationships.csv",
        ["source", "target", "type", "sign", "weight", "directed", "notes"],
        RELATIONSHIPS,
    )
    _write(
        args.out / "stances.csv",
        ["stakeholder", "issue", "date", "stance", "source", "confidential", "notes"],
        STANCES,
    )
    print(
        f"wrote {len(STAKEHOLDERS)} stakeholders, {len(interactions)} interactions, "
        f"{len(RELATIONSHIPS)} relationships, {len(STANCES)} stances to {args.out}"
    )


if __name__ == "__main__":
    main()
