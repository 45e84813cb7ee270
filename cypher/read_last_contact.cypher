// read_last_contact.cypher - the day of a negotiation's last contact at one generation.
// Params: $negotiation, $gen (the generation read); $public (true: the last contact not marked
//         confidential).
// Returns: last (ISO day, or null without contacts).
MATCH (i:Interaction)
WHERE i.negotiation = $negotiation
  AND coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen
  AND NOT ($public AND coalesce(i.confidential, false))
RETURN max(left(toString(i.date), 10)) AS last
