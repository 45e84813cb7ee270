// read_member_names.cypher - ids and names of a negotiation's stakeholders.
// Params: $negotiation.
// Returns: id, name.
MATCH (s:Stakeholder {negotiation: $negotiation})
RETURN s.id AS id, s.name AS name
