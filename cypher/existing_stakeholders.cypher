// existing_stakeholders.cypher - which of these ids are stakeholders already.
// Params: $ids: list of stakeholder ids.
// Returns: id, one row per existing stakeholder.
UNWIND $ids AS id
MATCH (s:Stakeholder {id: id})
RETURN s.id AS id
