import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardExprs } from './referenced-series.js';

const run = promisify(execFile);
const here = new URL('./', import.meta.url).pathname;
const promtool = (...args: string[]) => run('promtool', args, { cwd: here });

describe('Prometheus files (promtool)', () => {
  it('alert rules pass promtool check rules', async () => {
    const { stdout } = await promtool('check', 'rules', 'alerts.yml');
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('each alert fires on the series the services expose, and stays quiet when all is well', async () => {
    const { stdout } = await promtool('test', 'rules', 'alerts.test.yml');
    expect(stdout).toContain('SUCCESS');
  });

  it('the compose scrape config passes promtool check config', async () => {
    const { stdout } = await promtool('check', 'config', 'prometheus.yml');
    expect(stdout).toContain('is valid prometheus config file syntax');
  });

  it('every query of the Grafana dashboard is valid PromQL', async () => {
    const dashboard = JSON.parse(await readFile(join(here, 'grafana-dashboard.json'), 'utf8')) as Parameters<typeof dashboardExprs>[0] & { uid: string };
    expect(dashboard.uid).toBe('mugharred');
    const exprs = dashboardExprs(dashboard);
    expect(exprs.length).toBeGreaterThan(20);
    // promtool parses PromQL in rule files: each query becomes a recording rule ($__rate_interval is Grafana's).
    const rules = { groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr: expr.replaceAll('$__rate_interval', '5m') })) }] };
    const dir = await mkdtemp(join(tmpdir(), 'mugharred-dashboard-'));
    try {
      await writeFile(join(dir, 'rules.yml'), JSON.stringify(rules));
      const { stdout } = await run('promtool', ['check', 'rules', join(dir, 'rules.yml')]);
      expect(stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pages only on what needs a person now', async () => {
    const alerts = parse(await readFile(join(here, 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; labels: { severity: string } }[] }[] };
    const paging = alerts.groups.flatMap((g) => g.rules).filter((r) => r.labels.severity === 'page').map((r) => r.alert);
    expect(paging.sort()).toEqual(['MugharredDeliverySlow', 'MugharredHttp5xx', 'MugharredRedisUnreachable', 'MugharredTargetDown']);
  });
});
