#!/usr/bin/env python3
"""Seeded, deterministic generator of realistic negotiation contact logs for benchmarks.

Writes graphkit's three CSV formats into one folder::

    stakeholders.csv   id,name,party,organization,role,tier,kind,notes
    interactions.csv   id,date,source,target,channel,track,sentiment,notes
    relationships.csv  source,target,type,sign,weight,directed,notes   (unless --no-relationships)
    manifest.json      the parameters, summary statistics and SHA-256 of each file

What the log looks like (all of it drawn from one ``numpy.random.Generator(PCG64(seed))``):

* 2-4 parties (Alvara, Dalvenia, the mediating Coastal Seas Council, the observer state
  Meridia), each with organisations of heavy-tailed size; ids are ``A-00042`` style, the
  letter naming the party.
* Heavy-tailed activity: every stakeholder has a Pareto-distributed activity; ties are
  drawn with one end chosen in proportion to it, so a few people have very many contacts.
* Ties are mostly within an organisation or party; a minority of *bridging* people (more
  likely among the active ones and the mediators) carry most cross-party ties.
* Every tie has at least one contact; the remaining rows go to ties in proportion to a
  log-normal tie strength, so strong ties repeat often. The initiator of each contact is
  drawn per tie (the more active end initiates more).
* Dates span 2022-01-01..2024-12-31: each tie is active during a window, some contacts
  cluster around negotiation rounds, and weekends are rare.
* Channel and track come from small vocabularies (cross-party contacts use more meetings,
  workshops and back-channels; the track follows the initiator's organisation); sentiment is
  in [-1, 1] with two decimals, mostly positive, lower across parties, negative on friction
  ties. No self-loops; every id in the log is in the stakeholder map.

Same seed and parameters -> byte-identical files (for a given NumPy version: NumPy keeps
its bit generators stable, and only ``random``, ``integers``, ``normal``, ``pareto``,
``lognormal``, ``exponential`` and ``permutation`` are used).

Usage::

    python3 bench/generate.py --size 1m --out bench/out/1m/
    python3 bench/generate.py --rows 250000 --stakeholders 8000 --parties 2 --out /tmp/log

    >>> from bench.generate import Config, generate          # doctest: +SKIP
    >>> summary = generate(Config.preset("100k"), "bench/out/100k")
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

#: Rows and stakeholders of the named sizes (the same as in /work/shared/perf-notes.md).
PRESETS: dict[str, tuple[int, int]] = {
    "10k": (10_000, 1_000),
    "100k": (100_000, 5_000),
    "1m": (1_000_000, 20_000),
}
DEFAULT_SEED = 20221101
FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
DAYS = (LAST_DAY - FIRST_DAY).days + 1

# -- vocabularies ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """A side of the negotiation: id letter, name, share of the stakeholders, naming pools."""

    letter: str
    name: str
    share: float
    mediator: bool
    first: tuple[str, ...]
    last: tuple[str, ...]
    cities: tuple[str, ...]


PARTIES: tuple[Party, ...] = (
    Party(
        "A",
        "Alvara",
        0.42,
        False,
        tuple(
            [
                "Ana",
                "Beatriz",
                "Carla",
                "Diogo",
                "Duarte",
                "Eduardo",
                "Filipa",
                "Gonçalo",
                "Helena",
                "Inês",
                "Joana",
                "João",
                "Jorge",
                "Leonor",
                "Luísa",
                "Manuel",
                "Maria",
                "Mariana",
                "Marta",
                "Miguel",
                "Nuno",
                "Paula",
                "Paulo",
                "Pedro",
                "Raquel",
                "Ricardo",
                "Rita",
                "Rosa",
                "Rui",
                "Sara",
                "Sofia",
                "Teresa",
                "Tiago",
                "Vasco",
                "Vítor",
            ]
        ),
        tuple(
            [
                "Albuquerque",
                "Almeida",
                "Amaral",
                "Antunes",
                "Barros",
                "Brandão",
                "Cardoso",
                "Carvalho",
                "Correia",
                "Costa",
                "Faria",
                "Ferreira",
                "Fontes",
                "Gomes",
                "Gouveia",
                "Leal",
                "Lima",
                "Lobo",
                "Lopes",
                "Machado",
                "Marques",
                "Martins",
                "Mendes",
                "Mendonça",
                "Menezes",
                "Monteiro",
                "Moreira",
                "Nogueira",
                "Nunes",
                "Oliveira",
                "Pacheco",
                "Pereira",
                "Pinheiro",
                "Pinto",
                "Quintela",
                "Ramos",
                "Rebelo",
                "Reis",
                "Ribeiro",
                "Rocha",
                "Salgado",
                "Sampaio",
                "Santos",
                "Seabra",
                "Seixas",
                "Silva",
                "Soares",
                "Sousa",
                "Teixeira",
                "Vasconcelos",
                "Vieira",
            ]
        ),
        tuple(
            [
                "Porto Alva",
                "Porto Sul",
                "Vila Nova",
                "Santa Clara",
                "Costa Verde",
                "Ribamar",
                "Alcorim",
                "Serra Alta",
                "Lagos Negros",
                "Monte Claro",
            ]
        ),
    ),
    Party(
        "B",
        "Dalvenia",
        0.38,
        False,
        tuple(
            [
                "Ana",
                "Boris",
                "Dragan",
                "Elena",
                "Goran",
                "Hana",
                "Igor",
                "Ivan",
                "Ivana",
                "Jelena",
                "Josip",
                "Katarina",
                "Lana",
                "Luka",
                "Marija",
                "Marko",
                "Maja",
                "Mila",
                "Milan",
                "Mirjana",
                "Nikola",
                "Petar",
                "Petra",
                "Sanja",
                "Stjepan",
                "Tamara",
                "Tomislav",
                "Vesna",
                "Zoran",
                "Zrinka",
            ]
        ),
        tuple(
            [
                "Babić",
                "Barić",
                "Bašić",
                "Blažević",
                "Božić",
                "Dragić",
                "Filipović",
                "Grgić",
                "Horvat",
                "Jurić",
                "Jović",
                "Knežević",
                "Kovač",
                "Kovačević",
                "Lovrić",
                "Marić",
                "Matić",
                "Novak",
                "Pavić",
                "Perić",
                "Petrović",
                "Radić",
                "Šarić",
                "Tomić",
                "Vidović",
                "Vuković",
                "Zorić",
                "Živković",
            ]
        ),
        tuple(
            [
                "Kastelgrad",
                "Novi Brod",
                "Zlatna Luka",
                "Belica",
                "Sveti Ivan",
                "Rudnik",
                "Crna Stijena",
                "Morovo",
                "Gornja Vas",
                "Obalac",
            ]
        ),
    ),
    Party(
        "C",
        "Coastal Seas Council",
        0.08,
        True,
        tuple(
            [
                "Amira",
                "Anders",
                "Claire",
                "David",
                "Elif",
                "Emma",
                "Farid",
                "Hannah",
                "Ingrid",
                "Jonas",
                "Julia",
                "Kofi",
                "Laura",
                "Lukas",
                "Mei",
                "Nadia",
                "Omar",
                "Priya",
                "Samuel",
                "Sophie",
                "Thomas",
                "Yusuf",
            ]
        ),
        tuple(
            [
                "Andersen",
                "Bauer",
                "Bertrand",
                "Chen",
                "Dubois",
                "Eriksen",
                "Fischer",
                "Haddad",
                "Jansen",
                "Kaya",
                "Keller",
                "Lindqvist",
                "Mensah",
                "Meyer",
                "Moreau",
                "Nakamura",
                "Okafor",
                "Patel",
                "Schmidt",
                "Van",
                "Dijk",
                "Weber",
            ]
        ),
        tuple(["Geneva", "Brussels", "Valletta", "Nicosia", "Oslo"]),
    ),
    Party(
        "D",
        "Meridia",
        0.12,
        False,
        tuple(
            [
                "Alexandros",
                "Anna",
                "Christos",
                "Dimitra",
                "Eleni",
                "Georgios",
                "Ioanna",
                "Katerina",
                "Konstantinos",
                "Maria",
                "Nikos",
                "Panagiotis",
                "Sofia",
                "Stavros",
                "Theodora",
                "Vasilis",
                "Yannis",
                "Zoe",
            ]
        ),
        tuple(
            [
                "Alexiou",
                "Angelopoulos",
                "Christodoulou",
                "Dimitriou",
                "Georgiou",
                "Ioannidis",
                "Karagiannis",
                "Konstantinou",
                "Makris",
                "Nikolaidis",
                "Oikonomou",
                "Papadakis",
                "Papadopoulos",
                "Pappas",
                "Stavrou",
                "Theodorou",
                "Vlachos",
                "Zervas",
            ]
        ),
        tuple(["Meridos", "Kato Limani", "Aspri Akti", "Neapoli", "Thalassa"]),
    ),
)

TRACKS = ("fisheries", "renewable-energy", "security-patrols", "trade", "water-rights")
THEMES = {
    "fisheries": ("Fisheries", "Maritime Affairs", "Agriculture and Fisheries", "the Sea"),
    "renewable-energy": ("Energy", "Climate", "Offshore Energy", "Infrastructure"),
    "security-patrols": ("Defence", "Interior", "Coast Guard Affairs", "Maritime Security"),
    "trade": ("Trade", "Economy", "Finance", "Ports and Logistics"),
    "water-rights": ("Water Resources", "Environment", "Spatial Planning", "Rivers and Deltas"),
}
REGIONS = ("Northern", "Southern", "Eastern", "Western", "Central", "Coastal", "Island", "Delta")

# (template, tier, kind); {theme}, {region}, {city} and {party} are filled in.
ORG_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("Ministry of {theme}", "official", "state"),
    ("Directorate-General for {theme}", "official", "state"),
    ("{region} Directorate for {theme}", "official", "state"),
    ("Office of the Prime Minister, {theme} Unit", "official", "state"),
    ("{party} Coast Guard, {region} Command", "official", "state"),
    ("Embassy in {city}", "official", "state"),
    ("National {theme} Agency", "semi-official", "state"),
    ("Parliament, {theme} Committee", "semi-official", "state"),
    ("{region} Regional Council", "semi-official", "state"),
    ("Institute of {theme} Research", "semi-official", "non-state"),
    ("University of {city}, {theme} Faculty", "semi-official", "non-state"),
    ("{city} Fishers' Cooperative", "civil-society", "non-state"),
    ("{theme} Alliance (NGO)", "civil-society", "non-state"),
    ("{city} Chamber of Commerce", "civil-society", "non-state"),
    ("{theme} Workers' Union", "civil-society", "non-state"),
    ("{city} Herald", "civil-society", "non-state"),
    ("{region} {theme} Forum", "civil-society", "non-state"),
)
MEDIATOR_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("Council Secretariat, {theme} Desk", "official", "mediator"),
    ("Council Working Group on {theme}", "official", "mediator"),
    ("Council Office in {city}", "official", "mediator"),
    ("Council Expert Panel on {theme}", "semi-official", "mediator"),
)
ROLES: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "official": (
        (
            "Minister",
            "Deputy minister",
            "Director-general",
            "Director",
            "Head of unit",
            "Senior adviser",
            "Legal adviser",
            "Liaison officer",
            "Desk officer",
            "Analyst",
        ),
        (0.01, 0.02, 0.03, 0.07, 0.12, 0.12, 0.08, 0.10, 0.25, 0.20),
    ),
    "semi-official": (
        ("Chair", "Member", "Senior scientist", "Researcher", "Spokesperson", "Programme officer"),
        (0.05, 0.25, 0.15, 0.30, 0.05, 0.20),
    ),
    "civil-society": (
        ("President", "Secretary", "Coordinator", "Policy officer", "Journalist", "Member"),
        (0.05, 0.08, 0.15, 0.25, 0.07, 0.40),
    ),
}
STAKEHOLDER_NOTES = (
    "Former ambassador, speaks three languages",
    'Known in both capitals as "the fixer"',
    "Joined the talks in 2023",
    "Left the delegation in mid-2024",
    "Close to the minister",
    "Sceptical of the quota formula",
    "Ran the joint valuation workshop",
    "Represents 23 cooperatives; hard-liner on access rights",
    "Publishes a weekly column on the talks",
    "Chaired the 2022 technical round",
)
CHANNELS = ("meeting", "call", "message", "email", "site-visit", "workshop", "back-channel")
#: Channel probabilities within a party and across parties.
CHANNEL_P = {
    "within": (0.22, 0.25, 0.28, 0.17, 0.03, 0.04, 0.01),
    "across": (0.30, 0.18, 0.12, 0.14, 0.06, 0.12, 0.08),
}
INTERACTION_NOTES = (
    "Follow-up on the draft text",
    "Agreed to share catch data",
    "Heated exchange over patrol incidents",
    "Asked for a delay, citing elections",
    'Raised the "Meridian Bank" question again',
    "Informal dinner, no notes taken",
    "Prepared the plenary, briefed the minister",
    "Walked out after 20 minutes",
    "Offered technical assistance, grid study",
    "Exchanged position papers",
)
RELATIONSHIP_NOTES = (
    "Joint declaration, 2022",
    "Studied together abroad",
    "Public dispute over quotas",
    "Formal line management",
    'Described each other as "partners"',
    "Long-standing personal feud",
)


# -- configuration and result ---------------------------------------------------------------


def _interpolate(rows: int, points: list[tuple[float, float]], log_y: bool) -> float:
    """Piecewise linear in log(rows) through ``points`` (extrapolating the end segments)."""
    x = math.log(rows)
    xs = [math.log(p[0]) for p in points]
    ys = [math.log(p[1]) if log_y else p[1] for p in points]
    i = 0 if x < xs[1] else len(xs) - 2
    for j in range(len(xs) - 1):
        if xs[j] <= x <= xs[j + 1]:
            i = j
    y = ys[i] + (ys[i + 1] - ys[i]) * (x - xs[i]) / (xs[i + 1] - xs[i])
    return math.exp(y) if log_y else y


def default_stakeholders(rows: int) -> int:
    """1,000 for 10k rows, 5,000 for 100k, 20,000 for 1M; interpolated in between."""
    points = [(float(r), float(s)) for r, s in PRESETS.values()]
    return max(10, round(_interpolate(max(rows, 10), points, log_y=True)))


def default_ties(rows: int) -> int:
    """Distinct undirected ties: about 39% of the rows at 10k, 37% at 100k, 26% at 1M."""
    ratio = _interpolate(max(rows, 10), [(1e4, 0.39), (1e5, 0.37), (1e6, 0.26)], log_y=False)
    return max(1, round(rows * min(0.6, max(0.1, ratio))))


@dataclass(frozen=True)
class Config:
    """What to generate. ``stakeholders=None`` and ``ties=None`` follow the row count."""

    rows: int = 100_000
    stakeholders: int | None = None
    parties: int = 3
    seed: int = DEFAULT_SEED
    relationships: bool = True
    ties: int | None = None
    #: Share of people who bridge parties (before the activity boost; mediators get 4x).
    bridge_share: float = 0.05
    #: Pareto shape of individual activity (smaller = heavier tail).
    activity_shape: float = 2.0

    @classmethod
    def preset(cls, size: str, **overrides: object) -> Config:
        rows, stakeholders = PRESETS[size.lower()]
        return cls(rows=rows, stakeholders=stakeholders, **overrides)  # type: ignore[arg-type]

    def resolved(self) -> Config:
        """A copy with every size set."""
        if self.rows < 1:
            raise ValueError("rows must be positive")
        if not 2 <= self.parties <= len(PARTIES):
            raise ValueError(f"parties must be 2..{len(PARTIES)}")
        n = self.stakeholders or default_stakeholders(self.rows)
        if n < 2 * self.parties:
            raise ValueError("need at least two stakeholders per party")
        ties = min(self.ties or default_ties(self.rows), self.rows, n * (n - 1) // 2)
        return Config(**{**asdict(self), "stakeholders": n, "ties": ties})


@dataclass
class Summary:
    """What was written, and a few statistics that show the log's shape."""

    config: dict[str, object]
    files: dict[str, dict[str, object]] = field(default_factory=dict)
    stats: dict[str, object] = field(default_factory=dict)
    seconds: float = 0.0


# -- the model --------------------------------------------------------------------------------


@dataclass
class People:
    """Stakeholders, sorted by party then organisation (both ranges are contiguous)."""

    ids: list[str]
    rows: list[tuple[str, ...]]
    party: np.ndarray  # party index per person
    org: np.ndarray  # global organisation index per person
    org_track: np.ndarray  # track index per organisation
    activity: np.ndarray
    bridge: np.ndarray  # bool
    party_bounds: np.ndarray  # person index where each party starts (len parties + 1)
    org_bounds: np.ndarray  # person index where each organisation starts (len orgs + 1)


def _org_names(party: Party, count: int, rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """``count`` distinct (name, tier, kind) organisations of ``party``, with a home track."""
    templates = MEDIATOR_TEMPLATES if party.mediator else ORG_TEMPLATES
    candidates: list[tuple[str, str, str, str]] = []
    for template, tier, kind in templates:
        for track in TRACKS:
            for theme in THEMES[track]:
                for region in REGIONS if "{region}" in template else ("",):
                    for city in party.cities if "{city}" in template else ("",):
                        name = template.format(
                            theme=theme, region=region, city=city, party=party.name
                        )
                        candidates.append((name, tier, kind, track))
    unique = list(dict.fromkeys(candidates))  # a name without {theme} repeats per track
    seen: set[str] = set()
    distinct = []
    for c in unique:
        if c[0] not in seen:
            seen.add(c[0])
            distinct.append(c)
    order = rng.permutation(len(distinct))
    out = [distinct[i] for i in order[:count]]
    unit = 2
    while len(out) < count:  # very large maps: numbered units of the same organisations
        out.extend((f"{n} (unit {unit})", t, k, tr) for n, t, k, tr in distinct[: count - len(out)])
        unit += 1
    return [(name, tier, kind + "\x1f" + track) for name, tier, kind, track in out]


def make_people(cfg: Config, rng: np.random.Generator) -> People:
    """Parties, organisations, names, roles, activity and bridging flags."""
    n = cfg.stakeholders or 0
    parties = PARTIES[: cfg.parties]
    shares = np.array([p.share for p in parties])
    sizes = np.maximum(2, np.floor(shares / shares.sum() * n).astype(np.int64))
    sizes[0] += n - sizes.sum()  # the first party absorbs the rounding
    width = max(2, len(str(int(sizes.max()))))

    ids: list[str] = []
    rows: list[tuple[str, ...]] = []
    party_of: list[np.ndarray] = []
    org_of: list[np.ndarray] = []
    org_track: list[int] = []
    org_base = 0
    for p_index, (party, size) in enumerate(zip(parties, sizes.tolist(), strict=True)):
        org_count = max(3, round(size / 12))
        orgs = _org_names(party, org_count, rng)
        weights = rng.lognormal(0.0, 1.0, org_count)
        # Every organisation gets one member; the rest follow the heavy-tailed weights.
        extra = np.searchsorted(
            np.cumsum(weights) / weights.sum(), rng.random(size - org_count), side="right"
        )
        members = np.concatenate([np.arange(org_count), np.minimum(extra, org_count - 1)])
        members.sort()
        party_of.append(np.full(size, p_index))
        org_of.append(members + org_base)
        role_draw = rng.random(size)
        first = rng.integers(0, len(party.first), size)
        last = rng.integers(0, len(party.last), size)
        initial = rng.integers(0, 26, size)
        has_initial = rng.random(size) < 0.35
        has_note = rng.random(size) < 0.08
        note = rng.integers(0, len(STAKEHOLDER_NOTES), size)
        for k in range(size):
            name, tier, kind_track = orgs[members[k]]
            kind, _track = kind_track.split("\x1f")
            roles, role_p = ROLES[tier]
            role = roles[min(len(roles) - 1, int(np.searchsorted(np.cumsum(role_p), role_draw[k])))]
            middle = f" {chr(65 + initial[k])}." if has_initial[k] else ""
            person = f"{party.first[first[k]]}{middle} {party.last[last[k]]}"
            sid = f"{party.letter}-{k + 1:0{width}d}"
            ids.append(sid)
            rows.append(
                (
                    sid,
                    person,
                    party.name,
                    name,
                    role,
                    tier,
                    kind,
                    STAKEHOLDER_NOTES[note[k]] if has_note[k] else "",
                )
            )
        org_track.extend(TRACKS.index(kt.split("\x1f")[1]) for _, _, kt in orgs)
        org_base += org_count

    party = np.concatenate(party_of)
    org = np.concatenate(org_of)
    activity = 1.0 + rng.pareto(cfg.activity_shape, n)
    median = float(np.median(activity))
    mediator = np.array([parties[p].mediator for p in party])
    p_bridge = np.clip(cfg.bridge_share * activity / median, 0.0, 0.6)
    p_bridge = np.where(mediator, np.minimum(0.8, 4 * p_bridge), p_bridge)
    bridge = rng.random(n) < p_bridge
    party_bounds = np.searchsorted(party, np.arange(len(parties) + 1))
    org_bounds = np.searchsorted(org, np.arange(org_base + 1))
    return People(
        ids,
        rows,
        party,
        org,
        np.array(org_track),
        activity,
        bridge,
        party_bounds,
        org_bounds,
    )


def _pick(cum: np.ndarray, lo: np.ndarray, hi: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One person per (lo, hi) person range, in proportion to the weights behind ``cum``.

    ``cum`` is the cumulative weight with a leading 0 (length n + 1).
    """
    r = cum[lo] + rng.random(len(lo)) * (cum[hi] - cum[lo])
    return np.clip(np.searchsorted(cum, r, side="right") - 1, lo, hi - 1)


def make_ties(cfg: Config, people: People, rng: np.random.Generator) -> np.ndarray:
    """``ties`` distinct undirected pairs (u, v), u != v, as an int64 array of shape (T, 2)."""
    n = len(people.ids)
    want = cfg.ties or 0
    a = people.activity
    cum = np.concatenate([[0.0], np.cumsum(a)])
    boosted = a * np.where(people.bridge, 6.0, 1.0)
    cum_b = np.concatenate([[0.0], np.cumsum(boosted)])
    pb = people.party_bounds
    found: list[np.ndarray] = []
    keys_seen = np.empty(0, dtype=np.int64)
    total = 0
    for _round in range(50):
        m = max(1000, int((want - total) * 1.6))
        u = _pick(cum, np.zeros(m, np.int64), np.full(m, n, np.int64), rng)
        bridge = people.bridge[u]
        r = rng.random(m)
        p_cross = np.where(bridge, 0.45, 0.02)
        p_org = np.where(bridge, 0.20, 0.38)
        cross = r < p_cross
        same_org = ~cross & (r < p_cross + p_org)
        v = np.empty(m, np.int64)
        # within the organisation, and within the party
        lo = np.where(same_org, people.org_bounds[people.org[u]], pb[people.party[u]])
        hi = np.where(same_org, people.org_bounds[people.org[u] + 1], pb[people.party[u] + 1])
        inside = ~cross
        v[inside] = _pick(cum, lo[inside], hi[inside], rng)
        # across parties: anywhere except the own party's range, favouring bridges
        cu = np.flatnonzero(cross)
        pu = people.party[u[cu]]
        own_lo, own_hi = cum_b[pb[pu]], cum_b[pb[pu + 1]]
        x = rng.random(len(cu)) * (cum_b[-1] - (own_hi - own_lo))
        x = np.where(x >= own_lo, x + (own_hi - own_lo), x)
        v[cu] = np.clip(np.searchsorted(cum_b, x, side="right") - 1, 0, n - 1)
        ok = u != v
        u, v = u[ok], v[ok]
        lo_end, hi_end = np.minimum(u, v), np.maximum(u, v)
        keys = lo_end * n + hi_end
        _, first = np.unique(keys, return_index=True)
        first.sort()
        keys = keys[first]
        fresh = ~np.isin(keys, keys_seen)
        keys = keys[fresh][: want - total]
        found.append(
            np.stack([lo_end[first][fresh][: len(keys)], hi_end[first][fresh][: len(keys)]], 1)
        )
        keys_seen = np.concatenate([keys_seen, keys])
        total += len(keys)
        if total >= want:
            break
    ties = np.concatenate(found)
    # Store each tie with a random orientation so that "u" is not always the lower index.
    flip = rng.random(len(ties)) < 0.5
    ties[flip] = ties[flip][:, ::-1]
    return ties


def _day_strings() -> list[str]:
    return [(FIRST_DAY + dt.timedelta(days=d)).isoformat() for d in range(DAYS)]


def _csv_cell(text: str) -> str:
    """One CSV field as csv.writer (QUOTE_MINIMAL) writes it."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


@dataclass
class Log:
    """The generated contact log, one array per column (rows in chronological order)."""

    source: np.ndarray
    target: np.ndarray
    day: np.ndarray
    channel: np.ndarray
    track: np.ndarray  # index into TRACKS, or len(TRACKS) for no track
    sentiment: np.ndarray  # integer hundredths
    note: np.ndarray  # index into INTERACTION_NOTES, or -1
    tie: np.ndarray
    cross: np.ndarray  # per tie: the ends are in different parties
    tie_mean: np.ndarray  # per tie: mean sentiment


def make_log(cfg: Config, people: People, ties: np.ndarray, rng: np.random.Generator) -> Log:
    """Spread ``rows`` contacts over the ties: dates, direction, channel, track, sentiment."""
    rows = cfg.rows
    t_count = len(ties)
    u, v = ties[:, 0], ties[:, 1]
    a = people.activity
    cross = people.party[u] != people.party[v]

    strength = rng.lognormal(0.0, 1.2, t_count) * np.sqrt(a[u] * a[v]) ** 0.5
    extra = rows - t_count
    tie = np.arange(t_count)
    if extra > 0:
        cum = np.cumsum(strength)
        tie = np.concatenate([tie, np.searchsorted(cum, rng.random(extra) * cum[-1], side="right")])
        tie = np.minimum(tie, t_count - 1)
    tie = tie[:rows]

    # Who initiates: the more active end, with a per-tie twist.
    p_u = np.clip(a[u] / (a[u] + a[v]) + rng.normal(0.0, 0.15, t_count), 0.05, 0.95)
    from_u = rng.random(rows) < p_u[tie]
    source = np.where(from_u, u[tie], v[tie])
    target = np.where(from_u, v[tie], u[tie])

    # When: a per-tie active window, negotiation rounds, few weekends.
    start = rng.integers(0, DAYS, t_count)
    length = np.where(
        rng.random(t_count) < 0.3, DAYS, 14 + rng.exponential(300.0, t_count).astype(np.int64)
    )
    start = np.where(start + length > DAYS, np.maximum(0, DAYS - length), start)
    length = np.minimum(length, DAYS - start)
    day = start[tie] + (rng.random(rows) * length[tie]).astype(np.int64)
    rounds = np.sort(rng.integers(20, DAYS - 20, 12))
    in_round = rng.random(rows) < 0.15
    round_day = rounds[rng.integers(0, len(rounds), rows)] + np.rint(
        rng.normal(0.0, 2.0, rows)
    ).astype(np.int64)
    day = np.clip(np.where(in_round, round_day, day), 0, DAYS - 1)
    weekday = (FIRST_DAY.weekday() + day) % 7
    move = rng.random(rows) < 0.85
    day = np.where(move & (weekday == 5), np.where(day > 0, day - 1, day + 2), day)
    day = np.where(move & (weekday == 6), np.where(day < DAYS - 1, day + 1, day - 2), day)

    # Channel: cross-party contacts meet more and use back-channels.
    row_cross = cross[tie]
    within_cum = np.cumsum(CHANNEL_P["within"])
    across_cum = np.cumsum(CHANNEL_P["across"])
    draw = rng.random(rows)
    channel = np.where(
        row_cross,
        np.searchsorted(across_cum / across_cum[-1], draw, side="right"),
        np.searchsorted(within_cum / within_cum[-1], draw, side="right"),
    )
    channel = np.minimum(channel, len(CHANNELS) - 1)

    # Track: mostly the initiator's organisation's track.
    home = people.org_track[people.org[source]]
    r = rng.random(rows)
    track = np.where(
        r < 0.65, home, np.where(r < 0.90, rng.integers(0, len(TRACKS), rows), len(TRACKS))
    )

    # Sentiment: warm within parties, cooler across, negative on friction ties.
    friction = rng.random(t_count) < np.where(cross, 0.12, 0.03)
    mean = np.where(cross, rng.normal(0.15, 0.30, t_count), rng.normal(0.45, 0.15, t_count))
    mean = np.where(friction, rng.normal(-0.45, 0.15, t_count), mean)
    value = np.clip(mean[tie] + rng.normal(0.0, 0.22, rows), -1.0, 1.0)
    sentiment = np.rint(value * 100).astype(np.int64)

    note = np.where(rng.random(rows) < 0.04, rng.integers(0, len(INTERACTION_NOTES), rows), -1)

    order = np.lexsort((rng.random(rows), day))  # chronological; ids follow the order
    return Log(
        source[order],
        target[order],
        day[order],
        channel[order],
        track[order],
        sentiment[order],
        note[order],
        tie[order],
        cross,
        mean,
    )


def make_relationships(
    cfg: Config, people: People, ties: np.ndarray, log: Log, rng: np.random.Generator
) -> list[tuple[str, ...]]:
    """A few hundred declared alliances, rivalries and reports-to lines, on existing ties."""
    n = len(people.ids)
    count = min(800, max(100, n // 30), len(ties))
    u, v = ties[:, 0], ties[:, 1]
    contacts = np.bincount(log.tie, minlength=len(ties))
    same_org = people.org[u] == people.org[v]
    # Candidates of each type, strongest ties first (ties by index break equal counts).
    kinds = {
        "alliance": np.flatnonzero((log.tie_mean > 0.35) & ~same_org),
        "rivalry": np.flatnonzero(log.tie_mean < -0.2),
        "reports-to": np.flatnonzero(same_org & (log.tie_mean > 0)),
    }
    wanted = {"alliance": 0.45, "rivalry": 0.30, "reports-to": 0.25}
    used: set[int] = set()
    out: list[tuple[str, ...]] = []
    for kind, share in wanted.items():
        cand = kinds[kind]
        cand = cand[np.lexsort((cand, -contacts[cand]))]
        top = cand[: max(1, int(count * share * 3))]  # choose among the strong ones
        chosen = rng.permutation(top)[: round(count * share)]
        for t in sorted(int(x) for x in chosen):
            if t in used:
                continue
            used.add(t)
            a, b = int(u[t]), int(v[t])
            if kind == "reports-to" and people.activity[a] > people.activity[b]:
                a, b = b, a  # the less active reports to the more active
            sign = "-1" if kind == "rivalry" else "+1"
            weight = str(int(rng.integers(1, 6)))
            directed = "true" if kind == "reports-to" else "false"
            note = RELATIONSHIP_NOTES[int(rng.integers(0, len(RELATIONSHIP_NOTES)))]
            if rng.random() >= 0.3:
                note = ""
            out.append((people.ids[a], people.ids[b], kind, sign, weight, directed, note))
    return out


# -- writing ----------------------------------------------------------------------------------


def _write_small_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def write_interactions(path: Path, people: People, log: Log) -> None:
    """interactions.csv, built from lookup tables (about 1 s per million rows)."""
    ids = people.ids
    days = _day_strings()
    channels = list(CHANNELS)
    tracks = [*TRACKS, ""]
    sentiments = {h: f"{h / 100:.2f}" for h in range(-100, 101)}
    sentiments[0] = "0.00"
    notes = [_csv_cell(t) for t in INTERACTION_NOTES] + [""]  # index -1 -> ""
    width = max(7, len(str(len(log.day))))
    lines = [
        f"I-{k:0{width}d},{days[d]},{ids[s]},{ids[t]},{channels[c]},{tracks[tr]},{sentiments[h]},{notes[nt]}"
        for k, d, s, t, c, tr, h, nt in zip(
            range(1, len(log.day) + 1),
            log.day.tolist(),
            log.source.tolist(),
            log.target.tolist(),
            log.channel.tolist(),
            log.track.tolist(),
            log.sentiment.tolist(),
            log.note.tolist(),
            strict=True,
        )
    ]
    header = "id,date,source,target,channel,track,sentiment,notes\n"
    with open(path, "wb") as f:
        f.write(header.encode())
        for start in range(0, len(lines), 200_000):
            f.write(("\n".join(lines[start : start + 200_000]) + "\n").encode("utf-8"))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _stats(people: People, ties: np.ndarray, log: Log) -> dict[str, object]:
    """Shape of the generated log: activity concentration, cross-party share, sentiment."""
    n = len(people.ids)
    per_person = np.bincount(log.source, minlength=n) + np.bincount(log.target, minlength=n)
    ranked = np.sort(per_person)[::-1]
    degree = np.bincount(ties.ravel(), minlength=n)
    directed = np.unique(log.source.astype(np.int64) * n + log.target).size
    row_cross = log.cross[log.tie]
    bridges = people.bridge
    cross_ties = log.cross
    ends_bridge = bridges[ties[:, 0]] | bridges[ties[:, 1]]
    return {
        "stakeholders": n,
        "stakeholders_in_log": int((per_person > 0).sum()),
        "undirected_ties": len(ties),
        "directed_ties": int(directed),
        "max_contacts_per_person": int(ranked[0]),
        "median_contacts_per_person": float(np.median(per_person)),
        "share_of_contacts_top_1pct_people": round(
            float(ranked[: max(1, n // 100)].sum() / ranked.sum()), 3
        ),
        "max_distinct_contacts": int(degree.max()),
        "cross_party_share_of_rows": round(float(row_cross.mean()), 3),
        "bridging_people": int(bridges.sum()),
        "cross_party_ties_with_a_bridge": round(float(ends_bridge[cross_ties].mean()), 3)
        if cross_ties.any()
        else 0.0,
        "negative_sentiment_share": round(float((log.sentiment < 0).mean()), 3),
        "mean_sentiment": round(float(log.sentiment.mean() / 100), 3),
        "weekend_share": round(float(((FIRST_DAY.weekday() + log.day) % 7 >= 5).mean()), 3),
        "first_date": (FIRST_DAY + dt.timedelta(days=int(log.day.min()))).isoformat(),
        "last_date": (FIRST_DAY + dt.timedelta(days=int(log.day.max()))).isoformat(),
    }


def generate(config: Config, out: str | Path) -> Summary:
    """Generate the log described by ``config`` into folder ``out``; return its summary."""
    t0 = time.perf_counter()
    cfg = config.resolved()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.Generator(np.random.PCG64(cfg.seed))
    people = make_people(cfg, rng)
    ties = make_ties(cfg, people, rng)
    log = make_log(cfg, people, ties, rng)

    files: dict[str, Path] = {"stakeholders": out / "stakeholders.csv"}
    _write_small_csv(
        files["stakeholders"],
        ("id", "name", "party", "organization", "role", "tier", "kind", "notes"),
        people.rows,
    )
    files["interactions"] = out / "interactions.csv"
    write_interactions(files["interactions"], people, log)
    stale = out / "relationships.csv"
    if cfg.relationships:
        files["relationships"] = stale
        _write_small_csv(
            stale,
            ("source", "target", "type", "sign", "weight", "directed", "notes"),
            make_relationships(cfg, people, ties, log, rng),
        )
    elif stale.exists():
        stale.unlink()  # a folder must not mix files from two runs

    summary = Summary(config=asdict(cfg), stats=_stats(people, ties, log))
    for kind, path in files.items():
        with open(path, "rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda f=f: f.read(1 << 20), b""))
        summary.files[kind] = {
            "path": path.name,
            "rows": lines - 1,
            "bytes": path.stat().st_size,
            "sha256": _sha256(path),
        }
    summary.seconds = round(time.perf_counter() - t0, 2)
    manifest = {**asdict(summary), "numpy": np.__version__, "generator": "bench/generate.py"}
    manifest.pop("seconds")  # keep the manifest byte-identical between runs
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return summary


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--size", choices=sorted(PRESETS), help="preset: rows and stakeholders")
    size.add_argument("--rows", type=int, help="interaction rows (stakeholders follow)")
    parser.add_argument("--stakeholders", type=int, help="override the number of stakeholders")
    parser.add_argument("--parties", type=int, default=3, choices=(2, 3, 4))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-relationships", action="store_true")
    parser.add_argument("--out", required=True, help="output folder (created)")
    opts = parser.parse_args(argv)
    if opts.size:
        rows, stakeholders = PRESETS[opts.size]
    else:
        rows, stakeholders = opts.rows or 100_000, None
    cfg = Config(
        rows=rows,
        stakeholders=opts.stakeholders or stakeholders,
        parties=opts.parties,
        seed=opts.seed,
        relationships=not opts.no_relationships,
    )
    summary = generate(cfg, opts.out)
    for kind, info in summary.files.items():
        print(f"{kind:>14}: {info['rows']:>9,} rows  {info['bytes'] / 1e6:7.1f} MB  {info['path']}")
    for key, value in summary.stats.items():
        print(f"{key:>36}: {value}")
    print(f"generated in {summary.seconds:.2f}s -> {opts.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
