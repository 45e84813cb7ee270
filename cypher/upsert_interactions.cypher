// upsert_interactions.cypher - add or update logged contacts, counting what changed.
// A contact is (source)-[:INITIATED]->(:Interaction)-[:WITH]->(target).
// Params: $negotiation, $rows: list of {uid, key, source, target,
//         props: {date, channel, track, sentiment, confidential, notes, attributes (JSON text)}}.
// Returns: status ('added' | 'updated'), rows. Rows not returned were unchanged.
UNWIND $rows AS row
// Look the contact up by its unique uid first, so the plan is always an index seek.
OPTIONAL MATCH (old:Interaction {uid: row.uid})
OPTIONAL MATCH (oa:Stakeholder)-[:INITIATED]->(old)-[:WITH]->(ob:Stakeholder)
WITH row, old, oa, ob, CASE
    WHEN old IS NULL THEN 'added'
    WHEN oa.id = row.source AND ob.id = row.target
         AND old {.date, .channel, .track, .sentiment, .confidential, .notes, .attributes} = row.props
        THEN 'unchanged'
    ELSE 'updated'
END AS status
WHERE status <> 'unchanged'
DETACH DELETE old
WITH row, status
MATCH (a:Stakeholder {id: row.source}), (b:Stakeholder {id: row.target})
MERGE (i:Interaction {uid: row.uid})
SET i += row.props, i.negotiation = $negotiation, i.key = row.key
MERGE (a)-[:INITIATED]->(i)
MERGE (i)-[:WITH]->(b)
RETURN status, count(*) AS rows
