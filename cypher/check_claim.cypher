// check_claim.cypher - first statement of every batch of an import: takes the negotiation
// node's write lock (the locking idiom of the Neo4j manual: set and remove a property) and
// tells whether this importer still owns it. A batch of an importer whose import lock was
// lost (another import has claimed the negotiation since) then writes nothing.
// Params: $negotiation, $holder. Returns: ours (true or false).
MATCH (n:Negotiation {name: $negotiation})
SET n._lock = true
REMOVE n._lock
RETURN n._importer = $holder AS ours
