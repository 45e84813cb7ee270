// write_metrics.cypher - metric write-back (graphkit influence --write-back).
// Each stakeholder's metrics replace the previous ones, as properties prefixed gk_ on the
// Stakeholder node (for Browser and Bloom styling; gk_negotiation names the negotiation)
// and on its TAKES_PART_IN relationship.
// Params: $negotiation, $rows: list of {uid, metrics: {gk_<name>: number}}.
// Returns: written (number of stakeholders updated).
MATCH (n:Negotiation {name: $negotiation})
UNWIND $rows AS row
MATCH (s:Stakeholder {uid: row.uid})-[m:TAKES_PART_IN]->(n)
WITH s, m, row, s {.uid, .negotiation, .id, .name, .party, .organization, .role, .tier, .kind, .notes, .attributes, .unmapped, ._gen, ._end} AS base
SET s = base
SET s += row.metrics, s.gk_negotiation = $negotiation
SET m = row.metrics
RETURN count(*) AS written
