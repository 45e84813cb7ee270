// stored_stakeholders.cypher - the stored values of these stakeholders (import planning).
// Params: $gen (the import's generation: what it has staged counts), $uids: list of stakeholder uids (negotiation + U+001F + id).
// Returns: key (the id), name, party, organization, role, tier, kind, power, interest (0: not
//          declared), notes, unmapped,
//          attributes (list of [header, value]: the properties `field:<header>`); one row
//          per stored stakeholder.
// One subquery per uid: always a unique-index seek (see stored_interactions.cypher).
CYPHER replan=force
UNWIND $uids AS uid
CALL (uid) {
    MATCH (s:Stakeholder {uid: uid})
    USING INDEX SEEK s:Stakeholder(uid)
    WHERE coalesce(s._gen, 0) <= $gen AND coalesce(s._end, $gen + 1) > $gen
    RETURN s, coalesce(head([(s)-[:NEXT]->(d:StakeholderDraft) WHERE d.gen <= $gen | d]), s) AS v
}
RETURN s.id AS key, v.name AS name, v.party AS party, v.organization AS organization,
       v.role AS role, v.tier AS tier, v.kind AS kind, coalesce(v.power, 0) AS power,
       coalesce(v.interest, 0) AS interest, v.notes AS notes,
       v.unmapped AS unmapped, [k IN keys(v) WHERE k STARTS WITH 'field:' | [substring(k, 6), v[k]]] AS attributes
