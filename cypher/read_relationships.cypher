// read_relationships.cypher - a negotiation's declared ties.
// Params: $negotiation, $gen (the generation read); $party (or null: keep ties with at least one end in that party).
// Returns: key, source, target, type, sign, weight, directed, since, until ("" when
//          open or written before schema 3), notes, attributes (list of [header, value]: the
//          properties `field:<header>`).
MATCH (a:Stakeholder)-[d:DECLARED]->(b:Stakeholder)
WHERE d.negotiation = $negotiation
  AND coalesce(d._gen, 0) <= $gen AND coalesce(d._end, $gen + 1) > $gen
  AND ($party IS NULL OR coalesce(head([(a)-[:NEXT]->(x:StakeholderDraft) WHERE x.gen <= $gen | x]), a).party = $party
       OR coalesce(head([(b)-[:NEXT]->(x:StakeholderDraft) WHERE x.gen <= $gen | x]), b).party = $party)
RETURN d.key AS key, a.id AS source, b.id AS target, d.type AS type, d.sign AS sign,
       d.weight AS weight, d.directed AS directed, coalesce(toString(d.since), '') AS since,
       coalesce(toString(d.until), '') AS until, d.notes AS notes, [k IN keys(d) WHERE k STARTS WITH 'field:' | [substring(k, 6), d[k]]] AS attributes
ORDER BY key
