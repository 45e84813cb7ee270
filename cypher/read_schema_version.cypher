// read_schema_version.cypher - which graph model the database holds.
// Params: none.
// Returns: version (null when never recorded), legacy (true when stakeholders of
//          graphkit 0.1.0, shared between negotiations and without uid, exist).
OPTIONAL MATCH (m:GraphkitSchema {name: 'graphkit'})
RETURN m.version AS version,
       EXISTS { MATCH (s:Stakeholder) WHERE s.uid IS NULL } AS legacy
