// publish_import.cypher - the last statement of the import lock's transaction: readers see
// generation $gen from its commit on (one small write, whatever the size of the import).
// The importer keeps its claim while it tidies, then gives it up (release_import.cypher).
// Params: $negotiation, $holder, $gen, $now (ISO timestamp), $wrote (did the import change
//         anything: then updated_at is set, a DateTime).
// Returns: gen (no row when another importer claimed the negotiation).
MATCH (n:Negotiation {name: $negotiation})
WHERE n._importer = $holder
SET n.gen = $gen, n.updated_at = CASE WHEN $wrote THEN datetime($now) ELSE n.updated_at END
RETURN n.gen AS gen
