// read_interactions.cypher - a negotiation's contacts, filtered in the database.
// Params: $negotiation, $gen (the generation read); $since, $until_exclusive (ISO dates or null); $track (or null);
//         $party (or null: keep contacts with at least one end in that party).
// Returns: key, date (ISO text), source, target, channel, track, sentiment, confidential, notes,
//          attributes (list of [header, value]: the properties `field:<header>`).
// i.date is a Date, a LocalDateTime or (sub-second times) text: toString gives the ISO text
// graphkit was given, which compares with the ISO bounds as before.
MATCH (a:Stakeholder)-[:INITIATED]->(i:Interaction)-[:WITH]->(b:Stakeholder)
WHERE i.negotiation = $negotiation
  AND coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen
  AND ($since IS NULL OR toString(i.date) >= $since)
  AND ($until_exclusive IS NULL OR toString(i.date) < $until_exclusive)
  AND ($track IS NULL OR i.track = $track)
  AND ($party IS NULL OR coalesce(head([(a)-[:NEXT]->(d:StakeholderDraft) WHERE d.gen <= $gen | d]), a).party = $party
       OR coalesce(head([(b)-[:NEXT]->(d:StakeholderDraft) WHERE d.gen <= $gen | d]), b).party = $party)
RETURN i.key AS key, toString(i.date) AS date, a.id AS source, b.id AS target, i.channel AS channel,
       i.track AS track, i.sentiment AS sentiment, i.confidential AS confidential,
       i.notes AS notes, [k IN keys(i) WHERE k STARTS WITH 'field:' | [substring(k, 6), i[k]]] AS attributes
ORDER BY date, key
