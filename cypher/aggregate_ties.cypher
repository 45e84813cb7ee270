// aggregate_ties.cypher - a negotiation's contacts aggregated per ordered pair on the server,
// so that an analysis reads one row per pair, not every contact (graphkit.aggregates.directed_aggregates).
// Params: $negotiation, $gen (the generation read); $since (ISO date or null), $as_of (ISO date:
//         contacts after it are left out, each weighs 2 ^ (-age in days / $half_life) at it);
//         $track (or null); $party (or null: keep contacts with at least one end in that party);
//         $public (true: leave out contacts marked confidential); $period (days of the last and
//         the previous period compared); $threshold (|sentiment| above which a contact is warm
//         or hostile: graphkit.graph.SIGN_THRESHOLD).
// Returns per ordered pair (source, target), in no order: contacts, strength (sum of weights),
//         weighted_sentiment, positive (sentiment >= 0), warm (> $threshold), hostile
//         (< -$threshold), sought_strength, hostile_strength, hostile_last (day of the last hostile contact, or
//         null), first_contact, last_contact, last_contacts, last_sentiment_sum (age below
//         $period), prev_contacts, prev_sentiment_sum (age from $period to 2 * $period).
//         Days are day numbers since 1970-01-01 (3 bytes each in Bolt, not 11 of text);
//         sought_strength is null when it equals strength (no hostile contact); the client
//         sorts the rows.
// A contact's day is the first ten characters of its date, so that an ISO string, a Date and
// a LocalDateTime all give the same day.
MATCH (a:Stakeholder)-[:INITIATED]->(i:Interaction)-[:WITH]->(b:Stakeholder)
WHERE i.negotiation = $negotiation
  AND coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen
  AND ($track IS NULL OR i.track = $track)
  AND NOT ($public AND coalesce(i.confidential, false))
  AND ($party IS NULL OR coalesce(head([(a)-[:NEXT]->(d:StakeholderDraft) WHERE d.gen <= $gen | d]), a).party = $party
       OR coalesce(head([(b)-[:NEXT]->(d:StakeholderDraft) WHERE d.gen <= $gen | d]), b).party = $party)
WITH a.id AS source, b.id AS target, i.sentiment AS s, date(left(toString(i.date), 10)) AS day
WHERE ($since IS NULL OR day >= date(left($since, 10))) AND day <= date($as_of)
WITH source, target, s, duration.inDays(date('1970-01-01'), day).days AS dayno,
     toFloat(duration.inDays(day, date($as_of)).days) AS age
WITH source, target, s, dayno, age, 2.0 ^ (-age / $half_life) AS w
WITH source, target,
     count(*) AS contacts,
     sum(w) AS strength,
     sum(w * s) AS weighted_sentiment,
     sum(CASE WHEN s >= 0 THEN 1 ELSE 0 END) AS positive,
     sum(CASE WHEN s > $threshold THEN 1 ELSE 0 END) AS warm,
     sum(CASE WHEN s < -$threshold THEN 1 ELSE 0 END) AS hostile,
     sum(CASE WHEN s < -$threshold THEN 0.0 ELSE w END) AS sought_strength,
     sum(CASE WHEN s < -$threshold THEN w ELSE 0.0 END) AS hostile_strength,
     max(CASE WHEN s < -$threshold THEN dayno END) AS hostile_last,
     min(dayno) AS first_contact,
     max(dayno) AS last_contact,
     sum(CASE WHEN age < $period THEN 1 ELSE 0 END) AS last_contacts,
     sum(CASE WHEN age < $period THEN s ELSE 0.0 END) AS last_sentiment_sum,
     sum(CASE WHEN age >= $period AND age < 2 * $period THEN 1 ELSE 0 END) AS prev_contacts,
     sum(CASE WHEN age >= $period AND age < 2 * $period THEN s ELSE 0.0 END) AS prev_sentiment_sum
// Most pairs have no hostile contact, or none in a period: their sums go as 0 or null (one
// byte in Bolt) rather than as a float (nine); the client reads them back the same.
RETURN source, target, contacts, strength, weighted_sentiment, positive, warm, hostile,
       CASE WHEN hostile = 0 THEN null ELSE sought_strength END AS sought_strength,
       CASE WHEN hostile = 0 THEN 0 ELSE hostile_strength END AS hostile_strength,
       hostile_last, first_contact, last_contact, last_contacts,
       CASE WHEN last_contacts = 0 THEN 0 ELSE last_sentiment_sum END AS last_sentiment_sum,
       prev_contacts,
       CASE WHEN prev_contacts = 0 THEN 0 ELSE prev_sentiment_sum END AS prev_sentiment_sum
