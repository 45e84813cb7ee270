// read_stakeholders.cypher - the stakeholders of a negotiation.
// Params: $negotiation, $gen (the generation read: Negotiation.gen, read_negotiation.cypher).
// Returns: id, name, party, organization, role, tier, kind, power, interest (0: not
//          declared), notes, unmapped, attributes (the
//          extra columns: a list of [header, value], from the properties `field:<header>`).
// The values of a stakeholder are its own, or those of its draft of a generation <= $gen.
MATCH (s:Stakeholder {negotiation: $negotiation})
WHERE coalesce(s._gen, 0) <= $gen AND coalesce(s._end, $gen + 1) > $gen
WITH s, coalesce(head([(s)-[:NEXT]->(d:StakeholderDraft) WHERE d.gen <= $gen | d]), s) AS v
RETURN s.id AS id, v.name AS name, v.party AS party, v.organization AS organization,
       v.role AS role, v.tier AS tier, v.kind AS kind, coalesce(v.power, 0) AS power,
       coalesce(v.interest, 0) AS interest, v.notes AS notes,
       v.unmapped AS unmapped, [k IN keys(v) WHERE k STARTS WITH 'field:' | [substring(k, 6), v[k]]] AS attributes
ORDER BY id
