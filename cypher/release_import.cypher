// release_import.cypher - an importer gives up its claim: after it published and tidied, or
// when it publishes nothing (no change, dry run, failure); a negotiation it created and
// never published goes with it.
// Params: $negotiation, $holder. Returns: nothing.
MATCH (n:Negotiation {name: $negotiation})
WHERE n._importer = $holder
REMOVE n._importer
WITH n
WHERE n.gen IS NULL AND NOT EXISTS { (:Stakeholder)-[:TAKES_PART_IN]->(n) }
DELETE n
