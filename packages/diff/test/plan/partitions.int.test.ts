/**
 * Plan corpus: partitioned tables (issue 16 item 9). Indexes of a partitioned table are made
 * `ON ONLY` the parent and each partition's index attached to it, or cloned by the server when
 * a partition is created; columns come from the parent; a partition's own NOT NULL is its own.
 */
import { describe, expect, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const RANGE = `CREATE TABLE m (id int, at date, note text) PARTITION BY RANGE (at);
  CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
  CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`;

const cases: PlanCase[] = [
  {
    name: 'a partitioned table gains an index (partitions on both sides)',
    from: RANGE,
    to: `${RANGE}; CREATE INDEX m_id ON m (id)`,
  },
  {
    name: 'a partitioned table gains a unique index and a partial one',
    from: RANGE,
    to: `${RANGE}; CREATE UNIQUE INDEX m_id_at ON m (id, at); CREATE INDEX m_note ON m (lower(note)) WHERE id > 0`,
  },
  {
    name: "a partition's index named by hand",
    from: RANGE,
    to: `${RANGE}; CREATE INDEX m_2025_own ON m_2025 (id); CREATE INDEX m_id ON m (id)`,
  },
  {
    name: 'a new partition of a table with indexes',
    from: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE INDEX m_id ON m (id); CREATE INDEX m_at ON m (at DESC)`,
    to: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE INDEX m_id ON m (id); CREATE INDEX m_at ON m (at DESC);
      CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
  },
  {
    name: "a new partition whose index is named unlike the server's choice",
    from: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at); CREATE INDEX m_id ON m (id)`,
    to: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
      CREATE TABLE m_2026 (id int, at date); CREATE INDEX m_2026_by_id ON m_2026 (id);
      CREATE INDEX m_id ON m (id);
      ALTER TABLE m ATTACH PARTITION m_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
  },
  {
    name: 'a new partitioned table with indexes and partitions',
    from: '',
    to: `${RANGE}; CREATE INDEX m_id ON m (id); CREATE TABLE m_rest PARTITION OF m DEFAULT`,
  },
  {
    name: 'a column added to a partitioned table',
    from: RANGE,
    to: `CREATE TABLE m (id int, at date, note text, qty int DEFAULT 1 NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
  },
  {
    name: 'a column added to a partitioned table, with a default of its own on one partition',
    from: RANGE,
    to: `CREATE TABLE m (id int, at date, note text, qty int) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      ALTER TABLE m_2026 ALTER qty SET DEFAULT 7; ALTER TABLE m_2026 ALTER qty SET NOT NULL`,
  },
  {
    name: "a partition's own NOT NULL (new partition)",
    from: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at)`,
    to: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m (id NOT NULL, at DEFAULT '2025-06-01')
        FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')`,
  },
  {
    name: "a partition's own NOT NULL (existing partition)",
    from: RANGE,
    to: `${RANGE}; ALTER TABLE m_2025 ALTER id SET NOT NULL`,
  },
  {
    name: 'a column type changed on a partitioned table',
    from: RANGE,
    to: `CREATE TABLE m (id bigint, at date, note text) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
  },
  {
    name: 'a column type changed on a partitioned table, a partition with a default of its own',
    from: `${RANGE}; ALTER TABLE m ALTER id SET DEFAULT 1; ALTER TABLE m_2025 ALTER id SET DEFAULT 7`,
    to: `CREATE TABLE m (id bigint DEFAULT 1, at date, note text) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      ALTER TABLE m_2025 ALTER id SET DEFAULT 7`,
  },
  {
    name: 'a partition attached, with its indexes',
    from: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at); CREATE INDEX m_id ON m (id);
      CREATE TABLE m_2025 (id int, at date); CREATE INDEX m_2025_id ON m_2025 (id)`,
    to: `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at); CREATE INDEX m_id ON m (id);
      CREATE TABLE m_2025 (id int, at date); CREATE INDEX m_2025_id ON m_2025 (id);
      ALTER TABLE m ATTACH PARTITION m_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')`,
  },
  {
    name: 'sub-partitions gaining an index',
    from: `CREATE TABLE m (id int, at date, region int) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region);
      CREATE TABLE m_2025_r1 PARTITION OF m_2025 FOR VALUES IN (1);
      CREATE TABLE m_2025_rest PARTITION OF m_2025 DEFAULT`,
    to: `CREATE TABLE m (id int, at date, region int) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region);
      CREATE TABLE m_2025_r1 PARTITION OF m_2025 FOR VALUES IN (1);
      CREATE TABLE m_2025_rest PARTITION OF m_2025 DEFAULT;
      CREATE INDEX m_id ON m (id)`,
  },
  {
    name: 'a new sub-partition of a table with indexes, and a column',
    from: `CREATE TABLE m (id int, at date, region int) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region);
      CREATE TABLE m_2025_r1 PARTITION OF m_2025 FOR VALUES IN (1);
      CREATE INDEX m_id ON m (id)`,
    to: `CREATE TABLE m (id int, at date, region int, extra text) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region);
      CREATE TABLE m_2025_r1 PARTITION OF m_2025 FOR VALUES IN (1);
      CREATE TABLE m_2025_r2 PARTITION OF m_2025 FOR VALUES IN (2);
      CREATE INDEX m_id ON m (id)`,
  },
  {
    name: 'a new sub-partitioned partition of a table with an index',
    from: `CREATE TABLE m (id int, at date, region int) PARTITION BY RANGE (at); CREATE INDEX m_id ON m (id)`,
    to: `CREATE TABLE m (id int, at date, region int) PARTITION BY RANGE (at); CREATE INDEX m_id ON m (id);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region);
      CREATE TABLE m_2025_r1 PARTITION OF m_2025 FOR VALUES IN (1);
      CREATE TABLE m_2025_r2 (id int, at date, region int); CREATE INDEX m_2025_r2_by_id ON m_2025_r2 (id);
      ALTER TABLE m_2025 ATTACH PARTITION m_2025_r2 FOR VALUES IN (2)`,
  },
  {
    name: 'an index of a partitioned table changed',
    from: `${RANGE}; CREATE INDEX m_id ON m (id)`,
    to: `${RANGE}; CREATE INDEX m_id ON m (id, at)`,
  },
  {
    name: 'a partition detached, keeping its index',
    from: `${RANGE}; CREATE INDEX m_id ON m (id)`,
    to: `${RANGE}; CREATE INDEX m_id ON m (id); ALTER TABLE m DETACH PARTITION m_2026`,
  },
  {
    name: "a partitioned table's default changed, a partition keeping its own",
    from: `${RANGE}; ALTER TABLE m ALTER id SET DEFAULT 1; ALTER TABLE m_2025 ALTER id SET DEFAULT 7`,
    to: `${RANGE}; ALTER TABLE m ALTER id SET DEFAULT 2; ALTER TABLE m_2025 ALTER id SET DEFAULT 7`,
  },
  {
    name: 'hash partitions gaining an index',
    from: `CREATE TABLE h (id int) PARTITION BY HASH (id);
      CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);
      CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 1)`,
    to: `CREATE TABLE h (id int) PARTITION BY HASH (id);
      CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);
      CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 1);
      CREATE INDEX h_id ON h (id)`,
  },
  {
    name: 'a primary key on a partitioned table',
    from: RANGE,
    to: `${RANGE}; ALTER TABLE m ADD PRIMARY KEY (id, at)`,
  },
  {
    name: "a partitioned table's index made again, a partition's own index unchanged",
    from: `${RANGE}; CREATE INDEX m_2025_own ON m_2025 (id); CREATE INDEX m_id ON m (id)`,
    to: `${RANGE}; CREATE INDEX m_2025_own ON m_2025 (id); CREATE INDEX m_id ON m (id) WITH (fillfactor = 70)`,
  },
  {
    name: "a partitioned table's index renamed, a partition's own index unchanged",
    from: `${RANGE}; CREATE INDEX m_2025_own ON m_2025 (id); CREATE INDEX m_id ON m (id)`,
    to: `${RANGE}; CREATE INDEX m_2025_own ON m_2025 (id); CREATE INDEX m_by_id ON m (id)`,
  },
  {
    name: 'another index of a partition attached in place of the one attached',
    from: `${RANGE}; CREATE INDEX m_2025_a ON m_2025 (id); CREATE INDEX m_2025_b ON m_2025 (id);
      CREATE INDEX m_id ON ONLY m (id); ALTER INDEX m_id ATTACH PARTITION m_2025_a;
      CREATE INDEX m_2026_id ON m_2026 (id); ALTER INDEX m_id ATTACH PARTITION m_2026_id`,
    to: `${RANGE}; CREATE INDEX m_2025_a ON m_2025 (id); CREATE INDEX m_2025_b ON m_2025 (id);
      CREATE INDEX m_id ON ONLY m (id); ALTER INDEX m_id ATTACH PARTITION m_2025_b;
      CREATE INDEX m_2026_id ON m_2026 (id); ALTER INDEX m_id ATTACH PARTITION m_2026_id`,
  },
  {
    name: "a partition's index goes, the partitioned table's index left invalid",
    from: `${RANGE}; CREATE INDEX m_id ON m (id)`,
    to: `${RANGE}; CREATE INDEX m_id ON ONLY m (id); CREATE INDEX m_2026_id_idx ON m_2026 (id);
      ALTER INDEX m_id ATTACH PARTITION m_2026_id_idx`,
  },
  {
    name: 'a partition detached, its index dropped',
    from: `${RANGE}; CREATE INDEX m_id ON m (id)`,
    to: `${RANGE}; CREATE INDEX m_id ON m (id); ALTER TABLE m DETACH PARTITION m_2026; DROP INDEX m_2026_id_idx`,
  },
  {
    name: "a partitioned table's NOT NULL dropped, a partition keeping its own",
    from: `${RANGE}; ALTER TABLE m ALTER id SET NOT NULL`,
    to: `${RANGE}; ALTER TABLE m_2025 ALTER id SET NOT NULL`,
  },
  {
    name: "a partitioned table's NOT NULL dropped, sub-partitions keeping their own",
    from: `CREATE TABLE m (id int NOT NULL, at date, region int) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region);
      CREATE TABLE m_2025_r1 PARTITION OF m_2025 FOR VALUES IN (1);
      CREATE TABLE m_2025_r2 PARTITION OF m_2025 FOR VALUES IN (2)`,
    to: `CREATE TABLE m (id int, at date, region int) PARTITION BY RANGE (at);
      CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region);
      CREATE TABLE m_2025_r1 PARTITION OF m_2025 FOR VALUES IN (1);
      CREATE TABLE m_2025_r2 PARTITION OF m_2025 FOR VALUES IN (2);
      ALTER TABLE m_2025_r2 ALTER id SET NOT NULL`,
  },
  {
    name: "a partitioned table's column becomes an identity (partitions share it)",
    from: RANGE,
    to: `${RANGE}; ALTER TABLE m ALTER id SET NOT NULL; ALTER TABLE m ALTER id ADD GENERATED ALWAYS AS IDENTITY`,
    minMajor: 17,
  },
  {
    name: 'an identity column added to a partitioned table',
    from: RANGE,
    to: `${RANGE}; ALTER TABLE m ADD qty int GENERATED BY DEFAULT AS IDENTITY`,
    minMajor: 17,
  },
];

describe('plan corpus: partitions', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });

  it("attaches each partition's index to an index made ON ONLY the parent", async () => {
    const [forward] = await corpus.check(
      byName('a partitioned table gains an index (partitions on both sides)'),
    );
    const sql = forward.steps.map((s) => s.sql);
    expect(sql.filter((s) => / ON ONLY /.test(s))).toHaveLength(1);
    expect(sql.filter((s) => /^ALTER INDEX .* ATTACH PARTITION /.test(s))).toHaveLength(2);
  });

  it('leaves the index of a new partition to the server, under the target name', async () => {
    const [forward] = await corpus.check(
      byName("a new partition whose index is named unlike the server's choice"),
    );
    const sql = forward.steps.map((s) => s.sql).join('\n');
    expect(sql).not.toMatch(/CREATE INDEX m_2026_by_id/);
    expect(sql).toMatch(/RENAME TO %I', 'p\d+', clone, 'm_2026_by_id'/);
  });

  it('adds a column to the partitioned table only', async () => {
    const [forward, backward] = await corpus.check(byName('a column added to a partitioned table'));
    expect(forward.steps.filter((s) => /ADD COLUMN/.test(s.sql)).map((s) => s.object)).toEqual([
      expect.stringMatching(/^column:p\d+\.m\.qty$/),
    ]);
    expect(backward.steps.filter((s) => /DROP COLUMN/.test(s.sql)).map((s) => s.object)).toEqual([
      expect.stringMatching(/^column:p\d+\.m\.qty$/),
    ]);
  });
});

function byName(name: string): PlanCase {
  const found = cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no case ${name}`);
  return found;
}
