// drop_negotiation.cypher - graphkit delete of a whole negotiation, last step (after
// purge_negotiation.cypher): the negotiation node goes.
// Params: $negotiation. Returns: nothing.
MATCH (n:Negotiation {name: $negotiation})
WHERE n._deleting
DETACH DELETE n
