// list_negotiations.cypher - every published negotiation with its counts, at its published
// generation (what an import has staged is not counted).
// Params: none.
// Returns: name, stakeholders, interactions, relationships, first_contact, last_contact.
MATCH (n:Negotiation)
WHERE n.gen IS NOT NULL
CALL (n) {
    OPTIONAL MATCH (i:Interaction {negotiation: n.name})
    WHERE coalesce(i._gen, 0) <= n.gen AND coalesce(i._end, n.gen + 1) > n.gen
    RETURN count(i) AS interactions, min(toString(i.date)) AS first_contact,
           max(toString(i.date)) AS last_contact
}
RETURN n.name AS name,
       COUNT { MATCH (s:Stakeholder {negotiation: n.name})
               WHERE coalesce(s._gen, 0) <= n.gen AND coalesce(s._end, n.gen + 1) > n.gen }
           AS stakeholders,
       interactions,
       COUNT { MATCH ()-[d:DECLARED]->()
               WHERE d.negotiation = n.name
                 AND coalesce(d._gen, 0) <= n.gen AND coalesce(d._end, n.gen + 1) > n.gen }
           AS relationships,
       first_contact,
       last_contact
ORDER BY name
