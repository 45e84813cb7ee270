// clear_metrics.cypher - forget the metrics written back for a negotiation.
// Params: $negotiation.
// Returns: nothing.
MATCH (s:Stakeholder)-[m:TAKES_PART_IN]->(:Negotiation {name: $negotiation})
SET m = {}
WITH s
WHERE s.gk_negotiation = $negotiation
SET s = s {.id, .name, .party, .organization, .role, .tier, .kind, .notes, .attributes, .unmapped}
