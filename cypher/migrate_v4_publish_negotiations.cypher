// migrate_v4_publish_negotiations.cypher - schema 4: every negotiation written before it is
// published at generation 0 (its records have no _gen, read as 0).
// Params: none. Returns: nothing.
MATCH (n:Negotiation)
WHERE n.gen IS NULL
SET n.gen = 0
