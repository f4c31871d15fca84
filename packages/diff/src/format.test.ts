import { describe, expect, it } from 'vitest';
import { diffSnapshots } from './diff-snapshots.js';
import { escapeHtml, formatHtml } from './format-html.js';
import { formatJson } from './format-json.js';
import { formatText } from './format-text.js';
import { kindInWords } from './kinds.js';
import { DiffReportSchema, diffReportJsonSchema } from './report.js';
import { column, snapshotWith, table } from './snapshot-builder.test-helper.js';

const from = snapshotWith({
  tables: [table('app', 'old')],
  columns: [column('app', 'pipe', 'geom', { type: 'public.geometry(Polygon,2056)' })],
  views: [],
});
const to = snapshotWith({
  tables: [table('app', '<script>alert(1)</script>')],
  columns: [
    column('app', 'pipe', 'geom', {
      type: 'public.geometry(MultiPolygon,4326)',
      default: 'line one\nline two',
    }),
  ],
});
const report = diffSnapshots(from, to, { fromLabel: 'qwat_prod', toLabel: 'qwat_build' });

describe('formatText', () => {
  it('groups by kind with +, - and ~ and field values', () => {
    const text = formatText(report);
    expect(text).toBe(
      [
        'qwat_prod → qwat_build: 1 added, 1 removed, 1 changed',
        '',
        'tables (1 added, 1 removed)',
        '  + app."<script>alert(1)</script>"',
        '  - app.old',
        '',
        'columns (1 changed)',
        '  ~ app.pipe.geom',
        '      type: public.geometry(Polygon,2056) → public.geometry(MultiPolygon,4326)',
        '      default:',
        '        - null',
        '        + line one',
        '        + line two',
        '',
      ].join('\n'),
    );
  });

  it('writes less at lower detail levels', () => {
    expect(formatText(report, { detail: 'summary' })).toBe(
      'qwat_prod → qwat_build: 1 added, 1 removed, 1 changed\n',
    );
    const objects = formatText(report, { detail: 'objects' });
    expect(objects).toContain('  ~ app.pipe.geom\n');
    expect(objects).not.toContain('type:');
  });

  it('applies the style hooks', () => {
    const text = formatText(report, { style: { added: (s) => `<a>${s}</a>`, heading: (s) => `#${s}` } });
    expect(text).toContain('<a>  + app.');
    expect(text).toContain('#tables (1 added, 1 removed)');
  });

  it('says so when there are no differences', () => {
    expect(formatText(diffSnapshots(from, from))).toBe('from → to: no differences\n');
  });
});

describe('ignored differences', () => {
  const ignoring = diffSnapshots(from, to, {
    ignoreFields: ['columns.type'],
    ignoreKinds: ['tables'],
    fromLabel: 'a',
    toLabel: 'b',
  });
  ignoring.equivalent.push({
    kind: 'columns',
    key: 'column:app.pipe.geom',
    name: 'app.pipe.geom',
    field: 'default',
    from: '(ARRAY[1, 2])::oid[]',
    to: 'ARRAY[(1)::oid, (2)::oid]',
    printed: "'{1,2}'::oid[]",
  });

  it('are counted by rule in text, JSON and HTML, with the raw texts of equivalent expressions', () => {
    expect(ignoring.ignored).toEqual([
      { rule: 'tables', source: '--ignore', differences: 2 },
      { rule: 'columns.type', source: '--ignore-field', differences: 1 },
    ]);
    const text = formatText(ignoring);
    expect(text).toContain(
      'ignored: 2 differences by tables (--ignore)\nignored: 1 difference by columns.type (--ignore-field)\n',
    );
    expect(text).toContain(
      'same expression printed differently (1, not differences)\n  = columns app.pipe.geom: default\n      from (ARRAY[1, 2])::oid[]\n      to   ARRAY[(1)::oid, (2)::oid]\n',
    );
    expect(formatText(ignoring, { detail: 'objects' })).not.toContain('same expression');
    expect(DiffReportSchema.parse(JSON.parse(formatJson(ignoring))).ignored).toHaveLength(2);
    const html = formatHtml(ignoring);
    expect(html).toContain('<p class="note">ignored: 1 difference by columns.type (--ignore-field)</p>');
    expect(html).toContain('<pre>(ARRAY[1, 2])::oid[]</pre>');
  });

  it('reads reports written before the counts existed', () => {
    const { ignored: _i, equivalent: _e, ...older } = JSON.parse(formatJson(report));
    expect(DiffReportSchema.parse(older)).toMatchObject({ ignored: [], equivalent: [] });
  });
});

describe('formatJson', () => {
  it('writes the report, valid against its schema', () => {
    const parsed = JSON.parse(formatJson(report));
    expect(DiffReportSchema.parse(parsed).summary.added).toBe(1);
    const schema = diffReportJsonSchema();
    expect(schema.$id).toMatch(/diff-report-v1\.json$/);
    expect((schema.properties as Record<string, unknown>).differences).toBeTruthy();
  });
});

describe('formatHtml', () => {
  it('is one self-contained page with summary, sections and escaped values', () => {
    const html = formatHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('<li><a href="#kind-tables">tables</a> <span class="added">+1</span>');
    expect(html).toContain('<details class="kind" id="kind-columns" open>');
    expect(html).toContain('<td class="to"><pre>public.geometry(MultiPolygon,4326)</pre></td>');
    expect(html).not.toMatch(/<link|<script|src=/);
  });

  it('says the command and the time only when given, escaped', () => {
    const bare = formatHtml(report);
    expect(bare).not.toContain('<dt>command</dt>');
    expect(bare).not.toContain('<dt>made</dt>');
    const html = formatHtml(report, {
      command: "pum check a '<b>' --format html",
      generatedAt: new Date('2026-01-02T03:04:05.678Z'),
    });
    expect(html).toContain(
      '<dt>command</dt><dd><code>pum check a &#39;&#60;b&#62;&#39; --format html</code></dd>',
    );
    expect(html).toContain('<time datetime="2026-01-02T03:04:05.678Z">2026-01-02 03:04:05 UTC</time>');
  });

  it('names kinds in words, as the text report does', () => {
    expect(kindInWords('defaultPrivileges')).toBe('default privileges');
    expect(kindInWords('extensionMemberPrivileges')).toBe('extension member privileges');
    expect(kindInWords('tables')).toBe('tables');
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});

describe('the published JSON Schema file', () => {
  it('is the schema the code describes (regenerate with `pnpm --filter @pum/diff schema`)', async () => {
    const { readFileSync } = await import('node:fs');
    const published = JSON.parse(
      readFileSync(new URL('../diff-report.schema.json', import.meta.url), 'utf8'),
    );
    expect(published).toEqual(JSON.parse(JSON.stringify(diffReportJsonSchema())));
  });
});
