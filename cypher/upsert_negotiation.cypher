// upsert_negotiation.cypher - make sure a negotiation exists, and take its write lock.
// The first statement of every import: a second import into the same negotiation waits
// here until the first commits, then reads what it wrote (imports into other
// negotiations run in parallel). Setting and removing a property takes the node's write
// lock without changing it (the locking idiom of the Neo4j manual).
// Params: $negotiation (name), $now (ISO timestamp).
// Returns: nothing.
MERGE (n:Negotiation {name: $negotiation})
ON CREATE SET n.created_at = $now, n.updated_at = $now
SET n._graphkit_lock = true
REMOVE n._graphkit_lock
