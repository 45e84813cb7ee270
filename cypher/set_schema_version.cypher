// set_schema_version.cypher - record the graph model version.
// Params: $version.
// Returns: nothing.
MERGE (m:GraphkitSchema {name: 'graphkit'})
SET m.version = $version
