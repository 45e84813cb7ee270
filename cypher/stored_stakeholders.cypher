// stored_stakeholders.cypher - the stored values of these stakeholders (import planning).
// Params: $uids: list of stakeholder uids (negotiation + U+001F + id).
// Returns: key (the id), name, party, organization, role, tier, kind, notes, unmapped,
//          attributes (JSON text); one row per stored stakeholder.
// One subquery per uid: always a unique-index seek (see stored_interactions.cypher).
CYPHER replan=force
UNWIND $uids AS uid
CALL (uid) {
    MATCH (s:Stakeholder {uid: uid})
    USING INDEX SEEK s:Stakeholder(uid)
    RETURN s
}
RETURN s.id AS key, s.name AS name, s.party AS party, s.organization AS organization,
       s.role AS role, s.tier AS tier, s.kind AS kind, s.notes AS notes,
       s.unmapped AS unmapped, s.attributes AS attributes
