// drop_negotiation.cypher - graphkit delete of a whole negotiation, last step (after
// purge_negotiation.cypher): the negotiation node goes, with its writer slots.
// Params: $negotiation. Returns: nothing.
MATCH (n:Negotiation {name: $negotiation})
WHERE n._deleting
OPTIONAL MATCH (w:ImportWriter {negotiation: $negotiation})
DETACH DELETE n, w
