// write_stakeholders.cypher - add or replace stakeholders of one negotiation.
// Params: $negotiation, $rows: list of {uid, id, props: {name, party, organization, role,
//         tier, kind, notes, attributes (JSON text), unmapped}}.
// Returns: nothing.
CYPHER replan=force
MATCH (n:Negotiation {name: $negotiation})
UNWIND $rows AS row
MERGE (s:Stakeholder {uid: row.uid})
ON CREATE SET s.negotiation = $negotiation, s.id = row.id
SET s += row.props
MERGE (s)-[:TAKES_PART_IN]->(n)
