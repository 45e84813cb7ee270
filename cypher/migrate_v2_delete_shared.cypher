// migrate_v2_delete_shared.cypher - remove the 0.1.0 stakeholders once every contact
// and tie points at a copy. Refuses (returns left > 0, deletes nothing) otherwise.
// Params: none.
// Returns: left (contacts and ties still on a 0.1.0 stakeholder), deleted.
OPTIONAL MATCH (s:Stakeholder)-[r:INITIATED|WITH|DECLARED]-()
WHERE s.uid IS NULL
WITH count(r) AS left
CALL (left) {
    MATCH (s:Stakeholder)
    WHERE s.uid IS NULL AND left = 0
    DETACH DELETE s
    RETURN count(*) AS deleted
}
RETURN left, deleted
