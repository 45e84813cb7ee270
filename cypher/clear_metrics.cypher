// clear_metrics.cypher - forget the metrics written back for a negotiation: the properties
// the last write-back recorded in gk_metrics (on the Stakeholder and its TAKES_PART_IN),
// and that list. Nothing else is removed: a property a user added in Browser or Bloom
// (even one named gk_...) stays.
// Params: $negotiation.
// Returns: nothing.
MATCH (s:Stakeholder {negotiation: $negotiation})-[m:TAKES_PART_IN]->()
WHERE s.gk_metrics IS NOT NULL
FOREACH (k IN s.gk_metrics | REMOVE s[k] REMOVE m[k])
REMOVE s.gk_metrics
