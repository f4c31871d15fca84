/// <reference lib="dom" />
/**
 * The HTML report as a person reads it, in a real headless Chromium: a report of two real
 * databases differing in several kinds, opened at a phone's width and a desk's. No horizontal
 * scrolling, a summary that stays in view, one collapsible section per kind, one marker per
 * entry, kind names in words, a header saying what was compared, nothing executable.
 * (The DOM types are for the functions that run in the page.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiffReport, formatHtml, kindInWords } from '../src/index.js';
import { chromiumPath, needsBrowser } from './browser.js';
import { useDatabasePair } from './pair.js';

const pair = useDatabasePair();

const many = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `CREATE TABLE ${prefix}${i} (id int PRIMARY KEY)`).join('; ');

const FROM = `
  CREATE TABLE pipe (id int PRIMARY KEY, diameter int, material text);
  CREATE TABLE gone (id int);
  CREATE VIEW pipe_view AS SELECT id FROM pipe;
  CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
  ${many('old_', 5)}`;

const TO = `
  CREATE TABLE pipe (id int PRIMARY KEY, diameter bigint, material text NOT NULL DEFAULT 'steel',
    a_column_with_a_rather_long_name_that_does_not_fit_on_a_phone_screen_at_all_whatsoever text);
  CREATE TABLE "x<script>alert(1)</script>" (id int);
  CREATE VIEW pipe_view AS SELECT id, diameter FROM pipe;
  CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1';
  ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO pum_diff_reader;
  ${many('new_', 25)}`;

const GENERATED_AT = new Date('2026-03-04T05:06:07Z');
const COMMAND = "pum check 'postgres://me:****@db/prod' ref.json --format html";

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the HTML report in headless Chromium', needsBrowser(), () => {
  let browser: Browser;
  let report: DiffReport;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'pum-html-'));

  beforeAll(async () => {
    report = await pair.diff(FROM, TO, { fromLabel: 'prod (db:5432/qwat)', toLabel: 'ref.json' });
    const file = join(dir, 'check.html');
    writeFileSync(file, formatHtml(report, { command: COMMAND, generatedAt: GENERATED_AT }));
    url = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: chromiumPath });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compares databases differing in several kinds', () => {
    const kinds = report.differences.map((k) => k.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['tables', 'columns', 'views', 'functions', 'defaultPrivileges']),
    );
  });

  for (const viewport of [
    { name: 'phone', width: 375, height: 667 },
    { name: 'desk', width: 1280, height: 800 },
  ]) {
    describe(`at ${viewport.width} px (${viewport.name})`, () => {
      let page: Page;
      const dialogs: string[] = [];

      beforeAll(async () => {
        page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
        page.on('dialog', (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        await page.goto(url);
      });

      afterAll(async () => {
        await page?.close();
      });

      it('does not scroll sideways', async () => {
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY,
          innerWidth: window.innerWidth,
        }));
        expect(innerWidth).toBe(viewport.width);
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      });

      it('says the command, both sides, their servers and when, in the header', async () => {
        const facts = await page.locator('header dl').textContent();
        expect(facts).toContain(COMMAND);
        expect(facts).toContain('prod (db:5432/qwat)');
        expect(facts).toContain('ref.json');
        expect(facts).toContain(`PostgreSQL ${report.from.serverMajor}`);
        expect(facts).toContain('2026-03-04 05:06:07 UTC');
      });

      it('keeps the summary in view while scrolling', async () => {
        const summary = page.locator('nav.summary');
        expect(await summary.evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
        expect(await summary.textContent()).toContain(
          `${report.summary.added} added, ${report.summary.removed} removed, ${report.summary.changed} changed`,
        );
        const scrolled = await page.evaluate(() => {
          window.scrollTo(0, document.scrollingElement?.scrollHeight ?? 0);
          return window.scrollY;
        });
        expect(scrolled).toBeGreaterThan(0);
        const box = await summary.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        });
        expect(box.top).toBeGreaterThanOrEqual(0);
        expect(box.top).toBeLessThan(1);
        expect(box.bottom).toBeLessThanOrEqual(viewport.height);
        await page.evaluate(() => window.scrollTo(0, 0));
      });

      it('has one collapsible section per kind, named in words, that toggles', async () => {
        const sections = page.locator('main > details.kind');
        expect(await sections.count()).toBe(report.differences.length);
        const headings = await page.locator('main > details.kind > summary h2').allInnerTexts();
        expect(headings).toEqual(report.differences.map((k) => kindInWords(k.kind)));
        expect(headings).toContain('default privileges');
        expect(await page.locator('body').textContent()).not.toContain('defaultPrivileges');

        const section = page.locator('#kind-defaultPrivileges');
        const entries = section.locator('ul.entries');
        expect(await section.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
        await expect.poll(() => entries.isVisible()).toBe(true);
        await section.locator('> summary').click();
        expect(await section.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
        expect(await entries.isVisible()).toBe(false);
        await section.locator('> summary').click();
        expect(await section.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
        expect(await entries.isVisible()).toBe(true);
      });

      it('marks each entry once: its +, − or ~, no bullet, no disclosure triangle', async () => {
        const total = report.summary.added + report.summary.removed + report.summary.changed;
        expect(await page.locator('li.entry').count()).toBe(total);
        expect(await page.locator('li.entry .marker').count()).toBe(total);
        const shown = await page.locator('li.entry').evaluateAll((items) =>
          items.map((li) => ({
            markers: li.querySelectorAll('.marker').length,
            bullet: getComputedStyle(li).listStyleType,
            triangle: Array.from(li.querySelectorAll('summary'), (s) => getComputedStyle(s).listStyleType),
            text: li.querySelector('.marker')?.textContent,
          })),
        );
        for (const entry of shown) {
          expect(entry).toMatchObject({ markers: 1, bullet: 'none' });
          expect(entry.triangle.every((style) => style === 'none')).toBe(true);
          expect(['+', '−', '~']).toContain(entry.text);
        }
      });

      it('shows a name with <script> in it as text and runs nothing', async () => {
        expect(await page.evaluate(() => document.scripts.length)).toBe(0);
        expect(await page.locator('#kind-tables').textContent()).toContain('x<script>alert(1)</script>');
        expect(dialogs).toEqual([]);
      });

      it('renders a full-page screenshot of the viewport width and the page height', async () => {
        const png = await page.screenshot({ fullPage: true });
        const size = pngSize(png);
        const height = await page.evaluate(() => document.scrollingElement?.scrollHeight ?? 0);
        expect(size.width).toBe(viewport.width);
        expect(size.height).toBe(height);
        expect(size.height).toBeGreaterThan(viewport.height);
        // A blank page compresses to almost nothing; text, colours and tables do not.
        expect(png.length).toBeGreaterThan(20_000);
      });
    });
  }
});
