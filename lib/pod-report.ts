import * as kplus from 'cdk8s-plus-30';
import { QosClass } from './accounting/qos-class';
import { runRules } from './checks/rule';
import { PodModel } from './model/pod-model';
import { lifecycleDiagram } from './report/lifecycle-diagram';
import { reportDataOf } from './report/pod-report-data';
import {
  PodReportContainer, PodReportData, PodReportFinding, PodReportHeadroom, PodReportOverhead, PodReportPort, PodReportQuota, PodReportVolume,
} from './report/pod-report-types';
import { reportText } from './report/report-format';
import { rulesOf } from './synth/rule-packs';
import { podModelOfWorkload, requirePodWorkload } from './synth/workload-model';

export * from './report/pod-report-types';

/**
 * What a workload's pod really is: its containers by phase in start order (with the probes that gate them),
 * what the scheduler reserves (effective requests and limits, QoS), what a namespace quota sees (times replicas),
 * its ports, shared volumes, memory headroom and the findings of the checks.
 *
 * @example
 * const report = PodReport.of(deployment);
 * console.log(report.toText());
 */
export class PodReport {
  /**
   * The report of a cdk8s-plus workload (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob), read from its objects
   * without rendering it (JSON patches of `apiObject.addJsonPatch` are not seen: report the synthesized YAML with the
   * CLI for those).
   * @throws if the construct holds no pod template
   */
  public static of(workload: kplus.AbstractPod): PodReport {
    requirePodWorkload(workload, 'PodReport.of');
    const model = podModelOfWorkload(workload);
    return PodReport._ofModel(model, runRules(rulesOf(workload), model));
  }

  /** @internal The report of a pod model with the findings the checks already have for it. */
  public static _ofModel(model: PodModel, findings: readonly PodReportFinding[]): PodReport {
    return new PodReport(reportDataOf(model, findings), lifecycleDiagram(model));
  }

  /** All the facts as one struct (what `toJsonString()` prints). */
  public readonly data: PodReportData;
  /** Workload kind. */
  public readonly kind: string;
  /** Workload name. */
  public readonly name: string;
  /**
   * Workload namespace.
   * @default - none set
   */
  public readonly namespace?: string;
  /** Where the workload comes from: construct path, or `file#doc` for a manifest. */
  public readonly source: string;
  /** Containers in start order. */
  public readonly containers: PodReportContainer[];
  /** The pod's effective requests (`cpu` in millicores, memory in bytes). */
  public readonly requests: { [resource: string]: number };
  /** The pod's effective limits. */
  public readonly limits: { [resource: string]: number };
  /**
   * The pod overhead included in the requests and limits, and where it comes from.
   * @default - no overhead
   */
  public readonly overhead?: PodReportOverhead;
  /** QoS class. */
  public readonly qosClass: QosClass;
  /** What a namespace ResourceQuota sees. */
  public readonly quota: PodReportQuota;
  /** Ports. */
  public readonly ports: PodReportPort[];
  /** Volumes and who mounts them. */
  public readonly volumes: PodReportVolume[];
  /** Memory headroom per container with memory-backed volumes. */
  public readonly memoryHeadroom: PodReportHeadroom[];
  /** Findings of the checks. */
  public readonly findings: PodReportFinding[];

  private readonly diagram: string;

  private constructor(data: PodReportData, diagram: string) {
    this.data = data;
    this.kind = data.kind;
    this.name = data.name;
    this.namespace = data.namespace;
    this.source = data.source;
    this.containers = data.containers;
    this.requests = data.requests;
    this.limits = data.limits;
    this.overhead = data.overhead;
    this.qosClass = data.qosClass;
    this.quota = data.quota;
    this.ports = data.ports;
    this.volumes = data.volumes;
    this.memoryHeadroom = data.memoryHeadroom;
    this.findings = data.findings;
    this.diagram = diagram;
  }

  /** The compact text table `npm run synth` prints. */
  public toText(): string {
    return reportText(this.data).join('\n') + '\n';
  }

  /** The report as JSON (the shape of `data`), indented by two spaces. */
  public toJsonString(): string {
    return JSON.stringify(this.data, null, 2);
  }

  /** The startup and shutdown order as a Mermaid flowchart. */
  public toMermaid(): string {
    return this.diagram;
  }
}
