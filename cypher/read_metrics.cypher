// read_metrics.cypher - the metrics written back for a negotiation.
// Params: $negotiation.
// Returns: id, metrics (map of gk_<name> to number).
MATCH (s:Stakeholder)-[m:TAKES_PART_IN]->(:Negotiation {name: $negotiation})
WHERE size(keys(m)) > 0
RETURN s.id AS id, properties(m) AS metrics
