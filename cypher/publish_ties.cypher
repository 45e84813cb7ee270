// publish_ties.cypher - the ties of write-back $write become the negotiation's ties
// (Negotiation.tie_write), unless a newer write-back published first (write ids grow
// with time): then they are stale and delete_stale_ties.cypher removes them.
// Params: $negotiation, $write.
// Returns: published (true when $write is now the negotiation's).
MATCH (n:Negotiation {name: $negotiation})
SET n.tie_write = CASE WHEN n.tie_write IS NULL OR n.tie_write < $write THEN $write
                       ELSE n.tie_write END
RETURN n.tie_write = $write AS published
