// read_member_names.cypher - ids and names of a negotiation's stakeholders.
// Params: $negotiation, $gen (the generation read).
// Returns: id, name.
MATCH (s:Stakeholder {negotiation: $negotiation})
WHERE coalesce(s._gen, 0) <= $gen AND coalesce(s._end, $gen + 1) > $gen
RETURN s.id AS id, coalesce(head([(s)-[:NEXT]->(d:StakeholderDraft) WHERE d.gen <= $gen | d]), s).name AS name
