import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One axe finding, as much of it as a person needs to find and fix it. */
interface AxeFinding {
  rule: string;
  impact: string;
  targets: string[];
}

/**
 * Runs axe-core (from npm) inside the page as it is now and returns its serious and critical findings.
 * Evaluated through the DevTools protocol, so the edge's Content-Security-Policy (no inline script) stays on.
 */
async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    interface AxeViolation {
      id: string;
      impact: string | null;
      nodes: { target: string[] }[];
    }
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ rule: v.id, impact: v.impact!, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

/**
 * Gathers serious and critical axe findings per screen across a file's tests (`check`), to assert empty at the
 * end (`findings`), so one run reports every screen at once.
 */
export function axeCollector(): { check(page: Page, screen: string): Promise<void>; findings: Record<string, AxeFinding[]> } {
  const findings: Record<string, AxeFinding[]> = {};
  return {
    findings,
    async check(page, screen) {
      // Entrance animations finish first: axe measures contrast on what a person finally sees.
      await page.waitForTimeout(300);
      const found = await seriousAxeFindings(page);
      if (found.length > 0) findings[screen] = found;
    },
  };
}
