// migrate_v2_repoint_declared.cypher - declared ties join their negotiation's copies.
// Params: $sep (U+001F).
// Returns: moved (number of DECLARED relationships moved).
MATCH (a:Stakeholder)-[d:DECLARED]->(b:Stakeholder)
WHERE a.uid IS NULL OR b.uid IS NULL
MATCH (ca:Stakeholder {uid: d.negotiation + $sep + a.id}),
      (cb:Stakeholder {uid: d.negotiation + $sep + b.id})
CREATE (ca)-[d2:DECLARED]->(cb)
SET d2 = properties(d)
DELETE d
RETURN count(d2) AS moved
