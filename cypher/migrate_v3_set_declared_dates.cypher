// migrate_v3_set_declared_dates.cypher - the days declared ties held, moved from their
// attributes (schema 3).
// Params: $rows: list of {uid, since, until, attributes (JSON text)}.
// Returns: nothing.
UNWIND $rows AS row
MATCH ()-[d:DECLARED {uid: row.uid}]->()
SET d.since = row.since, d.until = row.until, d.attributes = row.attributes
