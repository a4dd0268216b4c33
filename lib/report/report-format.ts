import { PodReportData, PodReportQuota, PodReportScaling } from './pod-report-types';
import { formatReportAmount, formatReportAmounts } from './report-units';

/**
 * The pod report as text: a compact table of the containers in start order, then one line per fact.
 * Internal; `PodReport.toText()`, `npm run synth`, `docs/catalogue.md` and the CLI print it. Pure and deterministic.
 *
 * ```
 * #  container    role     starts after                                        cpu req/lim  memory req/lim  stops
 * 1  log-shipper  sidecar  pod start                                           50m/-        64Mi/128Mi      2
 * 2  app          main     'log-shipper' startupProbe passed (httpGet :3101/ready)  250m/-  256Mi/256Mi     1
 * pod: requests cpu 300m, memory 320Mi; limits memory 384Mi; QoS Burstable
 * ```
 */
export function reportText(data: PodReportData): string[] {
  const rows: string[][] = [['#', 'container', 'role', 'starts after', 'cpu req/lim', 'memory req/lim', 'stops']];
  for (const c of data.containers) {
    rows.push([
      String(c.startStep),
      c.injectedBy ? `${c.name} (injected by ${c.injectedBy})` : c.name,
      c.role,
      c.startsAfter,
      reqLim('cpu', c.requests, c.limits),
      reqLim('memory', c.requests, c.limits),
      c.stopStep === undefined ? '-' : String(c.stopStep),
    ]);
  }
  const lines = table(rows);
  lines.push(`pod: requests ${resources(data.requests)}; limits ${resources(data.limits)}; QoS ${data.qosClass}`);
  if (data.overhead) {
    const from = data.overhead.runtimeClass === undefined ? 'spec.overhead'
      : `set at admission from RuntimeClass ${data.overhead.runtimeClass} (${data.overhead.declaredIn})`;
    lines.push(`pod overhead: ${resources(data.overhead.resources)}, ${from}; included in the requests and in the limits that are set`);
  }
  lines.push(quotaLine(data.quota));
  if (data.ports.length > 0) {
    lines.push(`ports: ${data.ports.map(p => `${p.container} ${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}`).join(', ')}`);
  }
  for (const v of data.volumes) {
    const kind = `${v.source}${v.memoryBacked ? ', memory-backed' : ''}`;
    const who = v.mounts.map(m => `${m.container}${m.readOnly ? ' (ro)' : ''}`).join(', ');
    lines.push(`volume ${v.name} (${kind})${v.shared ? ' shared by' : ' mounted by'} ${who}`);
  }
  for (const h of data.memoryHeadroom) {
    // the terms of one sum share a unit
    const mem = sharedUnit('memory', [h.memoryLimit, ...h.volumes.map(v => v.size), h.remaining]);
    const limit = h.memoryLimit === undefined ? 'no memory limit' : `limit ${mem(h.memoryLimit)} (${h.limitSource})`;
    const vols = h.volumes.map(v => `${v.name} ${v.size === undefined ? 'up to node memory' : mem(v.size)}`).join(' + ');
    const left = h.remaining === undefined ? 'unknown' : mem(h.remaining);
    lines.push(`memory headroom ${h.container}: ${limit} - tmpfs ${vols} = ${left}`);
  }
  if (data.findings.length === 0) {
    lines.push('findings: none');
  } else {
    for (const f of data.findings) lines.push(`${f.severity} ${f.ruleId}: ${f.message}`);
  }
  return lines;
}

/**
 * A formatter that writes each of `amounts` (the undefined ones left out) in the one unit they share
 * (`formatReportAmounts`): the terms of a sum, a request and its limit.
 */
function sharedUnit(resource: string, amounts: ReadonlyArray<number | undefined>): (amount: number) => string {
  const present = amounts.filter((a): a is number => a !== undefined);
  const texts = formatReportAmounts(resource, present);
  return amount => texts[present.indexOf(amount)] ?? formatReportAmount(resource, amount);
}

/** `250m/-`, `1/1.5`, `64Mi/2048Mi`: a container's request and limit of one resource in one unit, `-` when unset. */
function reqLim(resource: string, requests: { [r: string]: number }, limits: { [r: string]: number }): string {
  const fmt = sharedUnit(resource, [requests[resource], limits[resource]]);
  const cell = (v: number | undefined) => (v === undefined ? '-' : fmt(v));
  return `${cell(requests[resource])}/${cell(limits[resource])}`;
}

/**
 * `cpu 300m, memory 320Mi`: cpu and memory first, then the other resources by name; `none` when empty. With `upTo`, a
 * range in one unit: `cpu 0.9..9, memory 0.94Gi..9.38Gi`.
 */
export function resources(amounts: { [resource: string]: number }, upTo?: { [resource: string]: number }): string {
  const names = Object.keys(amounts).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) return 'none';
  return names.map(n => {
    const high = upTo?.[n];
    if (high === undefined || high === amounts[n]) return `${n} ${formatReportAmount(n, amounts[n])}`;
    const [low, up] = formatReportAmounts(n, [amounts[n], high]);
    return `${n} ${low}..${up}`;
  }).join(', ');
}

function rank(resource: string): number {
  return resource === 'cpu' ? 0 : resource === 'memory' ? 1 : 2;
}

/**
 * What a namespace quota sees: `quota at 3 replicas: requests cpu 900m, ...`; per node for a DaemonSet;
 * `min..max` for an HPA (requests at minReplicas..at maxReplicas).
 */
export function quotaLine(q: PodReportQuota): string {
  switch (q.scaling) {
    case PodReportScaling.PER_NODE:
      return `quota per node (one pod on every node it runs on): requests ${resources(q.minRequests)}; limits ${resources(q.minLimits)}`;
    case PodReportScaling.AUTOSCALED:
      return `quota at ${q.description}: requests ${resources(q.minRequests, q.maxRequests)}; `
        + `limits ${resources(q.minLimits, q.maxLimits)}`;
    default:
      return `quota at ${q.description}: requests ${resources(q.minRequests)}; limits ${resources(q.minLimits)}`;
  }
}

/** Left-aligned columns two spaces apart, trailing spaces trimmed. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  return rows.map(r => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}
