// migrate_v5_set_tie_fields.cypher - schema 5: extra columns of declared ties as typed
// properties.
// Params: $rows: list of {id (elementId), fields: {`field:<header>`: value}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH ()-[x]->()
WHERE elementId(x) = row.id
SET x += row.fields
