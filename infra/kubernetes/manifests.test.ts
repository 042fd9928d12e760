import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { unreadVariables } from '../config-reads.js';

const here = new URL('./', import.meta.url);
const root = new URL('../../', import.meta.url);

/** The Kubernetes JSON schemas (compiled validators) that kubernetes-models ships, by apiVersion and kind. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
};

interface Doc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // A manifest's spec is deep and varied; the schema check above is what types it.
  spec?: Record<string, any>;
  data?: Record<string, string>;
}

let docs: Doc[];
const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
const named = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);
const containerOf = (name: string) => named('Deployment', name)!.spec!.template.spec.containers[0] as IContainer;

beforeAll(async () => {
  const kustomization = parse(await readFile(new URL('kustomization.yaml', here), 'utf8')) as { resources: string[] };
  docs = [];
  for (const file of kustomization.resources) {
    for (const doc of parseAllDocuments(await readFile(new URL(file, here), 'utf8'))) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      docs.push(doc.toJS() as Doc);
    }
  }
});

const validate = (doc: Doc) => {
  const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
  if (!Model) throw new Error(`no schema here for ${doc.apiVersion} ${doc.kind}`);
  new Model(doc as never).validate();
};

describe('infra/kubernetes (kustomize resources)', () => {
  it('every object passes its Kubernetes schema', () => {
    expect(docs.length).toBeGreaterThan(15);
    for (const doc of docs) expect(() => validate(doc), `${doc.kind} ${doc.metadata.name}`).not.toThrow();
  });

  it('the schema check rejects what the API server would', () => {
    const good = structuredClone(named('Deployment', 'gateway')!);
    const wrongType = structuredClone(good);
    wrongType.spec!.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => validate(wrongType)).toThrow(/containerPort/);
    const missing = structuredClone(good);
    delete missing.spec!.selector;
    expect(() => validate(missing)).toThrow(/selector/);
  });

  it('runs every service as a Deployment, probed on /health (ready) and /metrics (alive)', () => {
    expect(byKind('Deployment').map((d) => d.metadata.name).sort()).toEqual(['auth-api', 'edge', 'gateway', 'rooms-api', 'worker']);
    for (const name of ['auth-api', 'rooms-api', 'gateway', 'worker']) {
      const c = containerOf(name);
      expect([name, c.readinessProbe?.httpGet]).toEqual([name, { path: '/health', port: 'http' }]);
      expect([name, c.livenessProbe?.httpGet]).toEqual([name, { path: '/metrics', port: 'http' }]);
      expect([name, c.ports?.[0]?.name]).toEqual([name, 'http']);
      expect([name, c.env?.find((e) => e.name === 'PORT')?.value]).toEqual([name, String(c.ports![0]!.containerPort)]);
    }
  });

  it('drains a gateway before it stops: a preStop wait, then SIGTERM within a grace that covers both', () => {
    const pod = named('Deployment', 'gateway')!.spec!.template.spec;
    const wait = Number(containerOf('gateway').lifecycle?.preStop?.exec?.command?.at(-1));
    expect(wait).toBeGreaterThanOrEqual(5);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(wait + 30);
  });

  it('autoscales the gateways and limits disruptions of every served Deployment', () => {
    const hpa = named('HorizontalPodAutoscaler', 'gateway')!;
    expect(hpa.spec!.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' });
    expect(hpa.spec!.minReplicas).toBeGreaterThanOrEqual(2);
    expect(named('Deployment', 'gateway')!.spec!.replicas).toBeUndefined();
    // Utilization needs a CPU request to measure against.
    expect(containerOf('gateway').resources?.requests?.cpu).toBeDefined();
    const pdbTargets = byKind('PodDisruptionBudget').map((p) => p.spec!.selector.matchLabels['app.kubernetes.io/name']);
    expect(pdbTargets.sort()).toEqual(['auth-api', 'edge', 'gateway', 'rooms-api', 'worker']);
  });

  it('wires Services to pods and the Ingress to a Service port that exists', () => {
    const podLabels = byKind('Deployment').map((d) => d.spec!.template.metadata.labels['app.kubernetes.io/name']);
    for (const svc of byKind('Service')) {
      expect([svc.metadata.name, podLabels]).toEqual([svc.metadata.name, expect.arrayContaining([svc.spec!.selector['app.kubernetes.io/name']])]);
    }
    type Rule = { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } };
    const backends = (named('Ingress', 'mugharred')!.spec!.rules as Rule[]).flatMap((r) => r.http.paths.map((p) => p.backend.service));
    for (const b of backends) {
      const svc = named('Service', b.name);
      expect(svc?.spec!.ports.map((p: { name: string }) => p.name)).toContain(b.port.name);
    }
  });

  it('gives each service only variables it reads, with values it accepts (Redis Cluster from the ConfigMap)', async () => {
    const config = named('ConfigMap', 'mugharred-config')!.data!;
    for (const name of ['auth-api', 'rooms-api', 'gateway', 'worker']) {
      const env: Record<string, string> = {};
      for (const e of containerOf(name).env ?? []) {
        const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
        env[e.name] = e.value ?? (e.valueFrom?.configMapKeyRef ? config[ref!.key]! : randomBytes(32).toString('base64'));
      }
      expect(env.REDIS_CLUSTER_NODES).toBeDefined();
      expect([name, await unreadVariables(name, env)]).toEqual([name, []]);
    }
  });

  it('gives the edge every variable of the nginx site template', async () => {
    const template = await readFile(new URL('infra/nginx/mugharred.conf.template', root), 'utf8');
    const names = new Set((containerOf('edge').env ?? []).map((e) => e.name));
    for (const [, v] of template.matchAll(/\$\{([A-Z_]+)\}/g)) expect([v, names.has(v!)]).toEqual([v, true]);
  });
});
