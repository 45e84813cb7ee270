// create_unmapped_stakeholders.cypher - minimal stakeholders for ids no map has yet
// (graphkit import --create-missing). An existing stakeholder is left as it is.
// Params: $ids: list of stakeholder ids.
// Returns: nothing.
UNWIND $ids AS id
MERGE (s:Stakeholder {id: id})
ON CREATE SET s.name = id, s.party = '', s.organization = '', s.role = '', s.tier = '',
              s.kind = '', s.notes = '', s.attributes = '{}', s.unmapped = true
