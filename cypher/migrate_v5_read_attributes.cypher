// migrate_v5_read_attributes.cypher - schema 5: the records whose extra columns are JSON
// text (the attributes property), to become properties `field:<header>`.
// Params: none.
// Returns: id (elementId), relationship (true for a DECLARED tie), attributes (JSON text).
CALL () {
    MATCH (x:Stakeholder|StakeholderDraft|Interaction)
    WHERE x.attributes IS NOT NULL AND x.attributes <> '{}'
    RETURN elementId(x) AS id, false AS relationship, x.attributes AS attributes
  UNION ALL
    MATCH ()-[x:DECLARED]->()
    WHERE x.attributes IS NOT NULL AND x.attributes <> '{}'
    RETURN elementId(x) AS id, true AS relationship, x.attributes AS attributes
}
RETURN id, relationship, attributes
