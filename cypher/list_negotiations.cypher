// list_negotiations.cypher - every negotiation with its counts.
// Params: none.
// Returns: name, stakeholders, interactions, relationships, first_contact, last_contact.
MATCH (n:Negotiation)
OPTIONAL MATCH (i:Interaction {negotiation: n.name})
WITH n, count(i) AS interactions, min(i.date) AS first_contact, max(i.date) AS last_contact
RETURN n.name AS name,
       COUNT { (:Stakeholder {negotiation: n.name}) } AS stakeholders,
       interactions,
       COUNT { ()-[d:DECLARED]->() WHERE d.negotiation = n.name } AS relationships,
       first_contact,
       last_contact
ORDER BY name
