// upsert_relationships.cypher - add or update declared ties (alliance, rivalry, reports-to...).
// A declared tie is (source)-[:DECLARED {type, sign, weight, directed, ...}]->(target).
// Params: $negotiation, $rows: list of {uid, key, source, target,
//         props: {type, sign, weight, directed, notes, attributes (JSON text)}}.
// Returns: status ('added' | 'updated'), rows. Rows not returned were unchanged.
UNWIND $rows AS row
// Look the tie up by its uid first (relationship index), then its ends.
OPTIONAL MATCH ()-[old:DECLARED {uid: row.uid}]->()
WITH row, old, startNode(old) AS oa, endNode(old) AS ob
WITH row, old, oa, ob, CASE
    WHEN old IS NULL THEN 'added'
    WHEN oa.id = row.source AND ob.id = row.target
         AND old {.type, .sign, .weight, .directed, .notes, .attributes} = row.props
        THEN 'unchanged'
    ELSE 'updated'
END AS status
WHERE status <> 'unchanged'
DELETE old
WITH row, status
MATCH (a:Stakeholder {id: row.source}), (b:Stakeholder {id: row.target})
CREATE (a)-[d:DECLARED]->(b)
SET d = row.props, d.uid = row.uid, d.negotiation = $negotiation, d.key = row.key
RETURN status, count(*) AS rows
