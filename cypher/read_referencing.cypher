// read_referencing.cypher - the contacts and declared ties that refer to these stakeholders.
// Params: $uids: list of stakeholder uids.
// Returns: kind ('interactions' | 'relationships'), key; one row per record.
CYPHER replan=force
UNWIND $uids AS uid
MATCH (s:Stakeholder {uid: uid})
USING INDEX SEEK s:Stakeholder(uid)
CALL (s) {
    MATCH (s)-[:INITIATED]->(i:Interaction)
    RETURN 'interactions' AS kind, i.key AS key
  UNION
    MATCH (i:Interaction)-[:WITH]->(s)
    RETURN 'interactions' AS kind, i.key AS key
  UNION
    MATCH (s)-[d:DECLARED]-()
    RETURN 'relationships' AS kind, d.key AS key
}
RETURN DISTINCT kind, key
