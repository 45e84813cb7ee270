// read_referencing.cypher - the contacts, declared ties and stances that refer to these
// stakeholders.
// Params: $gen, $uids: list of stakeholder uids.
// Returns: kind ('interactions' | 'relationships' | 'stances'), key; one row per record.
CYPHER replan=force
UNWIND $uids AS uid
MATCH (s:Stakeholder {uid: uid})
USING INDEX SEEK s:Stakeholder(uid)
CALL (s) {
    MATCH (s)-[:INITIATED]->(i:Interaction)
    WHERE coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen
    RETURN 'interactions' AS kind, i.key AS key
  UNION
    MATCH (i:Interaction)-[:WITH]->(s)
    WHERE coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen
    RETURN 'interactions' AS kind, i.key AS key
  UNION
    MATCH (s)-[d:DECLARED]-()
    WHERE coalesce(d._gen, 0) <= $gen AND coalesce(d._end, $gen + 1) > $gen
    RETURN 'relationships' AS kind, d.key AS key
  UNION
    MATCH (s)-[:HOLDS]->(x:Stance)
    WHERE coalesce(x._gen, 0) <= $gen AND coalesce(x._end, $gen + 1) > $gen
    RETURN 'stances' AS kind, x.key AS key
}
RETURN DISTINCT kind, key
