// delete_negotiation.cypher - remove a negotiation with its stakeholders, contacts,
// declared ties and metrics. Nothing of another negotiation is touched.
// Params: $negotiation.
// Returns: deleted (1 when the negotiation existed, else 0).
OPTIONAL MATCH (n:Negotiation {name: $negotiation})
CALL (n) {
    MATCH (i:Interaction {negotiation: n.name})
    DETACH DELETE i
}
CALL (n) {
    MATCH ()-[d:DECLARED {negotiation: n.name}]->()
    DELETE d
}
CALL (n) {
    MATCH (s:Stakeholder {negotiation: n.name})
    DETACH DELETE s
}
DETACH DELETE n
RETURN count(n) AS deleted
