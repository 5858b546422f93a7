import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export type Scheme = 'light' | 'dark';

/** What axe found on one screen: `failures` fail the test, `notes` are printed for a look. */
export interface A11yReport {
  failures: string[];
  notes: string[];
}

const FAILING = new Set(['serious', 'critical']);

/**
 * Forces a colour scheme through the same `data-theme` attribute the Settings choice uses, with
 * every transition finished: a contrast read mid-fade measures a colour no one ever sees.
 */
async function forceScheme(page: Page, scheme: Scheme | null): Promise<void> {
  await page.evaluate((next) => {
    const root = document.documentElement;
    if (next === null) delete root.dataset.theme;
    else root.dataset.theme = next;
    // Transitions end; endless animations (a spinner, an indeterminate bar) cannot and need not.
    document.getAnimations().forEach((animation) => {
      if (animation.effect?.getComputedTiming().endTime !== Infinity) animation.finish();
    });
  }, scheme);
}

/**
 * Runs axe-core over the page as it is now, once in each colour scheme, and puts the scheme the
 * page had back. Serious and critical findings are failures; moderate and minor ones are notes.
 * The app has no frames (its CSP refuses them), so axe runs in the page itself (legacy mode),
 * without the blank helper page the frame-merging mode opens.
 */
export async function auditAccessibility(page: Page, where: string): Promise<A11yReport> {
  const report: A11yReport = { failures: [], notes: [] };
  const chosen = await page.evaluate(() => document.documentElement.dataset.theme ?? null);
  try {
    for (const scheme of ['light', 'dark'] as const) {
      await forceScheme(page, scheme);
      const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
      for (const violation of results.violations) {
        const targets = violation.nodes.map((node) => node.target.join(' ')).slice(0, 5);
        const more = violation.nodes.length > 5 ? ` (+${violation.nodes.length - 5} more)` : '';
        const line =
          `${where} [${scheme}] ${violation.impact ?? 'unknown'} ${violation.id}: ` +
          `${violation.help}: ${targets.join(', ')}${more}`;
        if (FAILING.has(violation.impact ?? '')) report.failures.push(line);
        else report.notes.push(line);
      }
    }
  } finally {
    await forceScheme(page, chosen === 'light' || chosen === 'dark' ? chosen : null);
  }
  return report;
}
