// migrate_v5_finish.cypher - schema 5, after the fields were copied: the JSON text goes;
// negotiations' created_at and updated_at become DateTimes; each stakeholder with metrics
// written back lists them in gk_metrics (before schema 5 a write-back replaced every
// gk_ property, so those on the node and on TAKES_PART_IN were all graphkit's).
// Params: none. Returns: nothing.
CALL () {
    MATCH (x:Stakeholder|StakeholderDraft|Interaction)
    WHERE x.attributes IS NOT NULL
    REMOVE x.attributes
}
CALL () {
    MATCH ()-[x:DECLARED]->()
    WHERE x.attributes IS NOT NULL
    REMOVE x.attributes
}
CALL () {
    MATCH (n:Negotiation)
    SET n.created_at = CASE WHEN n.created_at IS :: STRING THEN datetime(n.created_at)
                            ELSE n.created_at END,
        n.updated_at = CASE WHEN n.updated_at IS :: STRING THEN datetime(n.updated_at)
                            ELSE n.updated_at END
}
CALL () {
    MATCH (s:Stakeholder)-[m:TAKES_PART_IN]->()
    WHERE s.gk_metrics IS NULL AND (size(keys(m)) > 0 OR s.gk_negotiation IS NOT NULL)
    SET s.gk_metrics = [k IN keys(m) WHERE k STARTS WITH 'gk_'] +
                       CASE WHEN s.gk_negotiation IS NULL THEN [] ELSE ['gk_negotiation'] END
}
