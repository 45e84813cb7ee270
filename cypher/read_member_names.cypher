// read_member_names.cypher - ids and names of a negotiation's stakeholders.
// Params: $negotiation.
// Returns: id, name.
MATCH (s:Stakeholder)-[:TAKES_PART_IN]->(:Negotiation {name: $negotiation})
RETURN s.id AS id, s.name AS name
