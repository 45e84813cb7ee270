// write_metrics.cypher - metric write-back (graphkit influence --write-back), after
// clear_metrics.cypher in the same transaction. Each stakeholder's metrics are added as
// properties prefixed gk_ to the Stakeholder node (for Browser and Bloom styling;
// gk_negotiation names the negotiation) and to its TAKES_PART_IN relationship, with
// SET +=: no other property is touched. gk_metrics lists the properties written, so that
// the next write-back removes exactly those.
// Params: $negotiation, $rows: list of {uid, metrics: {gk_<name>: number}} (no nulls: a
//         metric without a value is not written).
// Returns: written (number of stakeholders updated).
MATCH (n:Negotiation {name: $negotiation})
UNWIND $rows AS row
MATCH (s:Stakeholder {uid: row.uid})-[m:TAKES_PART_IN]->(n)
SET s += row.metrics, m += row.metrics, s.gk_negotiation = $negotiation,
    s.gk_metrics = keys(row.metrics) + ['gk_negotiation']
RETURN count(*) AS written
