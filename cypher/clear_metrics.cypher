// clear_metrics.cypher - forget the metrics written back for a negotiation.
// Params: $negotiation.
// Returns: nothing.
MATCH (s:Stakeholder {negotiation: $negotiation})-[m:TAKES_PART_IN]->()
SET m = {}
SET s = s {.uid, .negotiation, .id, .name, .party, .organization, .role, .tier, .kind, .notes, .attributes, .unmapped, ._gen, ._end}
