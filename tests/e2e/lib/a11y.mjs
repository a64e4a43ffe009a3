// Accessibility checks with axe-core (npm `axe-core`, pinned in
// package.json). The engine is evaluated into the page through the
// DevTools protocol (page.evaluate), not added as a <script>, so it also
// runs under the app's strict Content-Security-Policy.

import { createRequire } from 'node:module';
import { AssertionError } from './harness.mjs';

const require = createRequire(import.meta.url);

let axeSource = null;
function source() {
  if (axeSource) return axeSource;
  try {
    axeSource = require('axe-core').source;
  } catch {
    throw new AssertionError('axe-core is not installed: run `npm ci` in tests/e2e');
  }
  return axeSource;
}

export function axeVersion() {
  try {
    return require('axe-core/package.json').version;
  } catch {
    return null;
  }
}

/** Impacts that fail a test. Moderate and minor ones are reported. */
export const BLOCKING = ['serious', 'critical'];

/** axe's violations on the page as it is now (WCAG 2.x A/AA and best practices: axe's default rules). */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(source());
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary ?? '').split('\n').slice(1).join(' ').trim() })),
    }));
  });
}

/**
 * Scans the page in the light and the dark scheme and records the result
 * under `view` in `log` ({view, scheme, blocking, other}). Motion is reduced
 * so no animation is caught half way (which would skew colour contrast).
 */
export async function scanBothSchemes(page, view, log) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    // the new scheme is painted (two frames), so computed colours are the final ones
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const violations = await axeViolations(page);
    log.push({
      view,
      scheme,
      blocking: violations.filter((v) => BLOCKING.includes(v.impact)),
      other: violations.filter((v) => !BLOCKING.includes(v.impact)),
    });
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
}

/** One line per violation, for an assertion message or a note. */
export function describeViolations(entries) {
  const lines = [];
  for (const e of entries) {
    for (const v of [...e.blocking, ...e.other]) {
      lines.push(`[${e.scheme}] ${e.view}: ${v.impact} ${v.id} (${v.help}) × ${v.nodes.length}: ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target}${n.summary ? ` — ${n.summary}` : ''}`)
        .join(' | ')}`);
    }
  }
  return lines;
}
