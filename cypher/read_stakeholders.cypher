// read_stakeholders.cypher - the stakeholders of a negotiation.
// Params: $negotiation.
// Returns: id, name, party, organization, role, tier, kind, notes, unmapped, attributes (JSON text).
MATCH (s:Stakeholder {negotiation: $negotiation})
RETURN s.id AS id, s.name AS name, s.party AS party, s.organization AS organization,
       s.role AS role, s.tier AS tier, s.kind AS kind, s.notes AS notes,
       s.unmapped AS unmapped, s.attributes AS attributes
ORDER BY id
