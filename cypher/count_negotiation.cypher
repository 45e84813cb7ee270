// count_negotiation.cypher - what a negotiation holds (graphkit delete).
// Params: $negotiation.
// Returns: stakeholders, interactions, relationships.
RETURN COUNT { (:Stakeholder {negotiation: $negotiation}) } AS stakeholders,
       COUNT { (:Interaction {negotiation: $negotiation}) } AS interactions,
       COUNT { ()-[:DECLARED {negotiation: $negotiation}]->() } AS relationships
