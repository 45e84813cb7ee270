// migrate_v4_drop_unique_contact.cypher - schema 4 keeps two versions of a contact while an
// import is staged, so the unique constraint on Interaction.uid of schemas 1-3 goes (an
// index takes its place, schema.cypher).
// Params: none. Returns: nothing.
DROP CONSTRAINT interaction_uid IF EXISTS
