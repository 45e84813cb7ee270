// migrate_v2_repoint_contacts.cypher - contacts point at their negotiation's copy of
// each 0.1.0 stakeholder.
// Params: $sep (U+001F).
// Returns: moved (number of INITIATED and WITH relationships moved).
CALL () {
    MATCH (s:Stakeholder)-[r:INITIATED]->(i:Interaction)
    WHERE s.uid IS NULL
    MATCH (c:Stakeholder {uid: i.negotiation + $sep + s.id})
    CREATE (c)-[:INITIATED]->(i)
    DELETE r
    RETURN count(*) AS initiated
}
CALL () {
    MATCH (i:Interaction)-[r:WITH]->(s:Stakeholder)
    WHERE s.uid IS NULL
    MATCH (c:Stakeholder {uid: i.negotiation + $sep + s.id})
    CREATE (i)-[:WITH]->(c)
    DELETE r
    RETURN count(*) AS received
}
RETURN initiated + received AS moved
