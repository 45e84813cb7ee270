// delete_stale_ties.cypher - up to $limit ties of a negotiation that are not those of its
// published write-back: of an older write-back (write < Negotiation.tie_write), or of
// write-back $drop (one that failed or was superseded). Run until done = 0.
// Params: $negotiation, $drop (a write id, or null), $limit.
// Returns: done (ties deleted).
MATCH (n:Negotiation {name: $negotiation})
MATCH ()-[t:TIE {negotiation: $negotiation}]->()
WHERE t.write < n.tie_write OR t.write = $drop OR t.write IS NULL
WITH t LIMIT $limit
DELETE t
RETURN count(*) AS done
