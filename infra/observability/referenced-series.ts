import { readFile } from 'node:fs/promises';

const here = new URL('./', import.meta.url);

interface Panel {
  targets?: { expr: string }[];
  panels?: Panel[];
}

/** Every PromQL query in a Grafana dashboard's panels (rows included). */
export function dashboardExprs(dashboard: { panels?: Panel[] }): string[] {
  const walk = (panels: Panel[] = []): string[] => panels.flatMap((p) => [...(p.targets ?? []).map((t) => t.expr), ...walk(p.panels)]);
  return walk(dashboard.panels);
}

/** Names of the services' series used by the dashboard and the alert rules (Prometheus's own `up` aside). */
export async function referencedSeries(): Promise<string[]> {
  const dashboard = JSON.parse(await readFile(new URL('grafana-dashboard.json', here), 'utf8')) as { panels?: Panel[] };
  const alerts = await readFile(new URL('alerts.yml', here), 'utf8');
  const text = [...dashboardExprs(dashboard), alerts.replace(/^\s*#.*$/gm, '')].join('\n');
  return [...new Set(text.match(/\b(?:mugharred|http|redis|nodejs|process)_[a-z0-9_]+\b/g) ?? [])].sort();
}
