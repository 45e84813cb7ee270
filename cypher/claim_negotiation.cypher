// claim_negotiation.cypher - under the import lock: make sure the negotiation node exists
// (a new one stays unpublished, gen null, until the import publishes) and record the
// importer that owns it; every batch checks this claim (check_claim.cypher).
// Params: $negotiation, $holder, $now (ISO timestamp: created_at and updated_at are DateTimes).
// Returns: gen (the published generation, null when never published), deleting (a
//          graphkit delete of it was interrupted).
MERGE (n:Negotiation {name: $negotiation})
ON CREATE SET n.created_at = datetime($now), n.updated_at = datetime($now)
SET n._importer = $holder
RETURN n.gen AS gen, coalesce(n._deleting, false) AS deleting
