-- Rules partitions (docs/RULES.md "Partitions and fencing"): each partition's row (engine 'rules-N') keeps the owner
-- epoch, incremented by the node that takes the partition over and checked by every commit of its engine, so a node
-- that lost its lock without noticing changes nothing.
ALTER TABLE rule_progress ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
