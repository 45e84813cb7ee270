// schema.cypher - constraints and indexes, created idempotently.
// Statements are separated by ';' and run one by one.
// A stakeholder belongs to one negotiation: uid = negotiation + U+001F + id.
// Params: none. Returns: nothing.
CREATE CONSTRAINT stakeholder_uid IF NOT EXISTS FOR (s:Stakeholder) REQUIRE s.uid IS UNIQUE;
CREATE INDEX stakeholder_negotiation IF NOT EXISTS FOR (s:Stakeholder) ON (s.negotiation);
CREATE CONSTRAINT negotiation_name IF NOT EXISTS FOR (n:Negotiation) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT interaction_uid IF NOT EXISTS FOR (i:Interaction) REQUIRE i.uid IS UNIQUE;
CREATE INDEX interaction_negotiation_date IF NOT EXISTS FOR (i:Interaction) ON (i.negotiation, i.date);
CREATE INDEX declared_uid IF NOT EXISTS FOR ()-[d:DECLARED]-() ON (d.uid);
CREATE INDEX declared_negotiation IF NOT EXISTS FOR ()-[d:DECLARED]-() ON (d.negotiation);
CREATE CONSTRAINT graphkit_schema_name IF NOT EXISTS FOR (m:GraphkitSchema) REQUIRE m.name IS UNIQUE
