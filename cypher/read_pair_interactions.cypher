// read_pair_interactions.cypher - the contacts between given pairs of stakeholders (either
// way round), for the evidence of the ties an output cites; filtered as read_interactions.
// Params: $negotiation, $gen (the generation read); $pairs (list of [uid, uid], each pair
//         once: both directions are read); $since, $as_of (ISO dates or null, both included);
//         $track (or null); $party (or null); $public (true: leave out confidential contacts).
// Returns: key, date (ISO text), source, target, channel, track, sentiment, confidential, notes,
//          attributes (list of [header, value]: the properties `field:<header>`).
UNWIND $pairs AS pair
UNWIND [[pair[0], pair[1]], [pair[1], pair[0]]] AS ends
WITH DISTINCT ends
MATCH (a:Stakeholder {uid: ends[0]})-[:INITIATED]->(i:Interaction)-[:WITH]->(b:Stakeholder {uid: ends[1]})
WHERE i.negotiation = $negotiation
  AND coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen
  AND ($since IS NULL OR date(left(toString(i.date), 10)) >= date(left($since, 10)))
  AND ($as_of IS NULL OR date(left(toString(i.date), 10)) <= date(left($as_of, 10)))
  AND ($track IS NULL OR i.track = $track)
  AND NOT ($public AND coalesce(i.confidential, false))
  AND ($party IS NULL OR coalesce(head([(a)-[:NEXT]->(d:StakeholderDraft) WHERE d.gen <= $gen | d]), a).party = $party
       OR coalesce(head([(b)-[:NEXT]->(d:StakeholderDraft) WHERE d.gen <= $gen | d]), b).party = $party)
RETURN i.key AS key, toString(i.date) AS date, a.id AS source, b.id AS target,
       i.channel AS channel, i.track AS track, i.sentiment AS sentiment,
       i.confidential AS confidential, i.notes AS notes,
       [k IN keys(i) WHERE k STARTS WITH 'field:' | [substring(k, 6), i[k]]] AS attributes
ORDER BY date, key
