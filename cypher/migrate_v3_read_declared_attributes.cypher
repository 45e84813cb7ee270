// migrate_v3_read_declared_attributes.cypher - declared ties with extra columns, whose
// attributes named since or until may move to the fields of schema 3.
// Params: none.
// Returns: uid, attributes (JSON text).
MATCH ()-[d:DECLARED]->()
WHERE d.attributes IS NOT NULL AND d.attributes <> '{}'
RETURN d.uid AS uid, d.attributes AS attributes
ORDER BY uid
