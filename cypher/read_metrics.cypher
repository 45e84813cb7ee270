// read_metrics.cypher - the metrics written back for a negotiation.
// Params: $negotiation.
// Returns: id, metrics (map of gk_<name> to number).
MATCH (s:Stakeholder {negotiation: $negotiation})-[m:TAKES_PART_IN]->()
WHERE size(keys(m)) > 0
RETURN s.id AS id, properties(m) AS metrics
