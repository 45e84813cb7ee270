"""The Blue-Harbor sample's declared power and interest, and its dated stances
(``scripts/make_sample.py`` writes them into ``stakeholders.csv`` and ``stances.csv``).

Power is what a stakeholder can do to the outcome (sign, block, ratify, mobilise), interest
how much it cares, both 1 (least) to 5 (most), as a prep team would rate them. Stances
follow the story of ``import/blue-harbor/README.md``: the fishing cooperatives opposed the
fisheries chapter early, came round after the no-fishing zone (May-July 2023), the joint
survey that showed juvenile hake recovering (September 2023) and the consultations on the
draft chapters (from November 2023); the southern cooperative turned against it again
when the 2025 quota table cut its fleet (October 2024). Dalvenia's deputy defence minister
opposed joint patrols throughout; the coast guards moved first. Every row has a date and
a source, as a team's own log would.
"""

from __future__ import annotations

FISH = "fisheries"
WIND = "renewable-energy"
SEC = "security-patrols"

# id: (power, interest)
LEVELS = {
    "A-01": (5, 4), "A-02": (4, 5), "A-03": (3, 3), "A-04": (3, 5), "A-05": (5, 4),
    "A-06": (4, 5), "A-07": (4, 4), "A-08": (3, 5), "A-09": (5, 3), "A-10": (3, 5),
    "A-11": (4, 4), "A-12": (2, 5), "A-13": (2, 4), "A-14": (4, 5), "A-15": (1, 4),
    "A-16": (4, 5), "A-17": (3, 4), "A-18": (1, 3), "A-19": (2, 4), "A-20": (3, 4),
    "A-21": (2, 3), "A-22": (2, 3), "A-23": (2, 2), "A-24": (4, 5), "A-25": (2, 3),
    "A-26": (1, 5), "A-27": (2, 3),
    "B-01": (5, 4), "B-02": (4, 5), "B-03": (2, 3), "B-04": (5, 4), "B-05": (3, 5),
    "B-06": (2, 3), "B-07": (5, 4), "B-08": (3, 5), "B-09": (5, 3), "B-10": (4, 5),
    "B-11": (3, 4), "B-12": (4, 4), "B-13": (2, 4), "B-14": (2, 5), "B-15": (4, 5),
    "B-16": (2, 4), "B-17": (2, 4), "B-18": (2, 4), "B-19": (2, 4), "B-20": (2, 2),
    "B-21": (4, 4), "B-22": (2, 3), "B-23": (1, 4), "B-24": (3, 3), "B-25": (1, 4),
    "B-26": (2, 3), "B-27": (2, 3),
    "M-01": (4, 5), "M-02": (3, 4), "M-03": (3, 4), "M-04": (2, 3), "M-05": (1, 2),
    "M-06": (3, 4), "M-07": (2, 4),
}  # fmt: skip

# fmt: off
# stakeholder, issue, date, stance, source, confidential, notes
STANCES = [
    # --- fisheries -------------------------------------------------------------------------
    ("A-14", FISH, "2022-02-01", "oppose", "Cooperative statement, Porto Sul", "", "After the boarding of the Estrela do Mar"),
    ("A-14", FISH, "2023-10-02", "lean support", "Meeting note, fisheries ministry", "", "After the JMRI survey showed juvenile hake recovering in the zone"),
    ("A-14", FISH, "2024-10-21", "oppose", "Press conference, Porto Sul", "", "The 2025 quota table cuts the southern fleet by 12%"),
    ("A-15", FISH, "2022-02-01", "oppose", "Cooperative statement, Porto Sul", "", ""),
    ("A-15", FISH, "2023-10-02", "lean support", "Meeting note, fisheries ministry", "", ""),
    ("A-16", FISH, "2022-03-15", "oppose", "Federation newsletter", "", ""),
    ("A-16", FISH, "2023-08-10", "undecided", "Call with the Director-General of Fisheries", "", "The no-fishing zone held; wants the survey results"),
    ("A-16", FISH, "2023-12-05", "lean support", "Consultation on the draft chapter", "", ""),
    ("A-24", FISH, "2022-04-20", "oppose", "Fisheries committee hearing", "", ""),
    ("A-24", FISH, "2024-06-25", "lean oppose", "Plenary debate on ratification", "", "Will not block if the southern fleet is compensated"),
    ("A-05", FISH, "2022-10-05", "lean support", "Cabinet minutes", "", ""),
    ("A-05", FISH, "2023-03-01", "support", "Cabinet minutes", "", ""),
    ("A-06", FISH, "2022-10-05", "undecided", "Internal memo", "", ""),
    ("A-06", FISH, "2023-09-20", "support", "Internal memo", "", ""),
    ("A-04", FISH, "2022-10-05", "support", "Delegation meeting", "", ""),
    ("A-01", FISH, "2022-10-05", "lean support", "Cabinet minutes", "", ""),
    ("A-01", FISH, "2024-01-15", "support", "Cabinet minutes", "", ""),
    ("A-02", FISH, "2022-10-05", "support", "Delegation meeting", "", ""),
    ("B-15", FISH, "2022-02-01", "oppose", "Embassy cable, Kastelgrad", "", ""),
    ("B-15", FISH, "2023-06-15", "lean oppose", "Embassy cable, Kastelgrad", "", "Respects the zone, doubts the science"),
    ("B-15", FISH, "2023-11-20", "lean support", "Consultation on the draft chapter", "", ""),
    ("B-23", FISH, "2022-02-01", "oppose", "Embassy cable, Kastelgrad", "", ""),
    ("B-04", FISH, "2022-06-10", "lean oppose", "Embassy cable, Kastelgrad", "", ""),
    ("B-04", FISH, "2023-03-01", "lean support", "After the resource-valuation workshop", "", ""),
    ("B-04", FISH, "2023-11-20", "support", "Joint press statement", "", ""),
    ("B-05", FISH, "2022-10-05", "support", "Delegation meeting", "", ""),
    ("B-17", FISH, "2023-02-16", "support", "Workshop report", "", ""),
    ("B-01", FISH, "2022-10-05", "lean support", "Embassy cable, Kastelgrad", "", ""),
    ("B-01", FISH, "2024-01-15", "support", "Joint press statement", "", ""),
    ("B-21", FISH, "2022-06-01", "oppose", "National Assembly record", "", ""),
    ("M-07", FISH, "2022-10-05", "support", "Council brief", "", ""),
    # --- security patrols ------------------------------------------------------------------
    ("B-10", SEC, "2022-03-10", "oppose", "Press interview", "", '"A surrender in slow motion"'),
    ("B-10", SEC, "2024-07-01", "oppose", "Defence committee hearing", "", "Opposes the shared patrol; holds up its funding"),
    ("B-09", SEC, "2022-10-05", "undecided", "Embassy cable, Kastelgrad", "", ""),
    ("B-09", SEC, "2024-03-12", "lean support", "Back-channel", "yes", "Told the envoy he would not stand in the way"),
    ("B-21", SEC, "2022-06-01", "oppose", "National Assembly record", "", ""),
    ("B-12", SEC, "2022-06-10", "lean oppose", "Liaison officer's report", "", ""),
    ("B-12", SEC, "2023-06-20", "lean support", "Joint monitoring of the zone", "", ""),
    ("B-12", SEC, "2024-01-10", "support", "Patrol working group", "", ""),
    ("B-13", SEC, "2022-02-01", "oppose", "Liaison officer's report", "", ""),
    ("B-13", SEC, "2023-07-15", "undecided", "Liaison officer's report", "", ""),
    ("B-14", SEC, "2023-01-10", "support", "Patrol working group", "", ""),
    ("B-11", SEC, "2022-10-05", "lean support", "Delegation meeting", "", ""),
    ("A-09", SEC, "2022-10-05", "lean support", "Cabinet minutes", "", ""),
    ("A-10", SEC, "2022-10-05", "support", "Delegation meeting", "", ""),
    ("A-11", SEC, "2022-11-20", "lean support", "Coast guard memo", "", ""),
    ("A-11", SEC, "2023-06-20", "support", "Joint monitoring of the zone", "", ""),
    ("A-12", SEC, "2022-11-18", "support", "Hotline set-up report", "", ""),
    ("A-24", SEC, "2023-05-05", "undecided", "Fisheries committee hearing", "", ""),
    ("M-06", SEC, "2022-10-05", "support", "Council brief", "", ""),
    ("M-01", SEC, "2022-10-05", "support", "Council brief", "", ""),
    # --- renewable energy ------------------------------------------------------------------
    ("B-07", WIND, "2022-10-05", "lean oppose", "Embassy cable, Kastelgrad", "", "Wants a larger share of the lease rights"),
    ("B-07", WIND, "2023-10-02", "lean support", "After the GIS session (30% of lease rights)", "", ""),
    ("B-07", WIND, "2024-04-15", "support", "Back-channel", "yes", "The 45% revenue share settled it"),
    ("B-08", WIND, "2022-10-05", "lean support", "Delegation meeting", "", ""),
    ("B-08", WIND, "2023-10-02", "support", "Delegation meeting", "", ""),
    ("A-07", WIND, "2022-10-05", "lean support", "Cabinet minutes", "", ""),
    ("A-07", WIND, "2024-04-15", "support", "Cabinet minutes", "", ""),
    ("A-08", WIND, "2022-10-05", "support", "Delegation meeting", "", ""),
    ("A-20", WIND, "2022-10-05", "lean support", "Industry round table", "", ""),
    ("A-20", WIND, "2024-09-16", "lean oppose", "Letter to both energy ministries", "", "Contests Dalvenia's tender rules"),
    ("A-19", WIND, "2022-10-05", "undecided", "Industry round table", "", ""),
    ("A-19", WIND, "2023-10-02", "lean support", "Industry round table", "", ""),
    ("B-18", WIND, "2022-10-05", "support", "Industry round table", "", ""),
    ("A-17", WIND, "2022-10-05", "support", "Two Shores Wind Pact statement", "", ""),
    ("B-19", WIND, "2022-10-05", "support", "Two Shores Wind Pact statement", "", ""),
    ("B-27", WIND, "2023-10-02", "support", "Port authority board minutes", "", ""),
    ("A-14", WIND, "2023-01-20", "lean oppose", "Cooperative statement, Porto Sul", "", "Turbines on the hake grounds"),
    ("B-15", WIND, "2023-01-20", "lean oppose", "Embassy cable, Kastelgrad", "", ""),
    ("A-01", WIND, "2022-10-05", "lean support", "Cabinet minutes", "", ""),
    ("B-01", WIND, "2022-10-05", "lean support", "Embassy cable, Kastelgrad", "", ""),
    ("M-04", WIND, "2023-09-25", "support", "Council brief", "", ""),
]
# fmt: on
