"""The map's visual vocabulary: party and tie colours, shapes, node sizes, flag texts.

Shared by the layout (which keeps nodes of these sizes apart), the stakeholder records
and the tie records of the page.
"""

from __future__ import annotations

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
#: colour blindness. Blue and vermillion are kept for the ties (trust -> friction).
PARTY_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#8C6D31", "#7F7F7F")
NO_PARTY_COLOUR = "#BBBBBB"
#: The group, legend entry and cluster of stakeholders without a party.
NO_PARTY = "(no party)"
#: Node colours by declared stance, from oppose (-2) to support (+2): Okabe & Ito's
#: vermillion, orange, yellow, sky blue and blue, in the order of the tie colours
#: (friction - trust); light grey for no stance on record.
STANCE_COLOURS = {-2: "#D55E00", -1: "#E69F00", 0: "#F0E442", 1: "#56B4E9", 2: "#0072B2"}
NO_STANCE_COLOUR = "#DDDDDD"
#: Tie colours by sentiment: friction (vermillion) - neutral (grey) - trust (blue).
FRICTION_COLOUR = (0xD5, 0x5E, 0x00)
NEUTRAL_COLOUR = (0xB4, 0xB4, 0xB4)
TRUST_COLOUR = (0x00, 0x72, 0xB2)
#: Sentiment at which a tie takes the full friction or trust colour.
FULL_COLOUR_SENTIMENT = 0.6
#: A negative tie is at least this far towards the full friction colour, whatever its
#: sentiment: always clearly friction-coloured.
NEGATIVE_TIE_COLOUR = 0.75
#: Node shape by kind of stakeholder (vis-network shape names). A stakeholder of unknown
#: kind is a plain circle: no shape of its own that could read as a role marker.
SHAPES = {"state": "dot", "non-state": "square", "mediator": "diamond", "": "dot"}
#: A negotiation without declared parties is coloured by its detected coalitions (the
#: Louvain communities of the positive ties); coalitions of fewer members than this share
#: one grey legend entry, as do those beyond the colours.
MIN_COALITION = 3
#: The legend entry of the stakeholders in no coloured coalition.
SMALL_COALITIONS = "smaller groups and isolated"
#: Nodes are drawn with a radius from MIN_SIZE (least influential) to MAX_SIZE (most).
MIN_SIZE, MAX_SIZE = 9.0, 34.0
#: Ties are drawn from MIN_TIE_WIDTH (weakest) to MAX_TIE_WIDTH (strongest) pixels wide.
MIN_TIE_WIDTH, MAX_TIE_WIDTH = 1.0, 8.0
#: What each tie flag means, for the tie cards.
FLAG_TEXT = {
    "negative": "negative: contacts (or a declared tie) mostly hostile",
    "contested": "contested: the two sides' contacts disagree in sign",
    "trusting": "trusting: positive, two-way, recent and consistent",
    "cooling": "cooling: sentiment fell between the last two periods",
    "one-sided": "one-sided: contact comes almost only from one side",
    "unbalanced": "unbalanced: part of an unbalanced signed triangle",
}
