// lock_schema.cypher - take the schema lock for a migration (first statement of its
// transaction: a second client migrating at the same time waits here).
// Params: $now (ISO timestamp).
// Returns: version (null when never recorded).
MERGE (m:GraphkitSchema {name: 'graphkit'})
SET m.locked_at = $now
RETURN m.version AS version
