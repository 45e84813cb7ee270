// add_members.cypher - stakeholders take part in a negotiation.
// Params: $negotiation, $ids: list of stakeholder ids (all exist).
// Returns: nothing.
MATCH (n:Negotiation {name: $negotiation})
UNWIND $ids AS id
MATCH (s:Stakeholder {id: id})
MERGE (s)-[:TAKES_PART_IN]->(n)
