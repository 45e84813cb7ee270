// migrate_v2_drop_shared_id.cypher - graphkit 0.1.0 made Stakeholder.id unique across
// negotiations; from schema 2 the same id may stand in several negotiations.
// Params: none. Returns: nothing.
DROP CONSTRAINT stakeholder_id IF EXISTS
