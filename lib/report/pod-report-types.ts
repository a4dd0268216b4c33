import { QosClass } from '../accounting/qos-class';
import { RuleSeverity } from '../checks/rule-severity';

/*
 * The data of a pod report (`PodReport`): public structs, exported from the package through `pod-report.ts`.
 */

/** How Kubernetes runs a container of the report. */
export enum PodReportRole {
  /** A plain init container: runs to completion before the next container starts. */
  INIT = 'init',
  /** A native sidecar: an init container with `restartPolicy: Always`, running for the pod's lifetime. */
  SIDECAR = 'sidecar',
  /** A regular container of `spec.containers`. */
  MAIN = 'main',
}

/** How many pods of the workload a namespace ResourceQuota counts. */
export enum PodReportScaling {
  /** A fixed number of replicas (Deployment, StatefulSet), or one pod (Pod, Job, CronJob run). */
  FIXED = 'fixed',
  /** One pod per node the DaemonSet runs on. */
  PER_NODE = 'per-node',
  /** Scaled by a HorizontalPodAutoscaler between its minReplicas and maxReplicas. */
  AUTOSCALED = 'autoscaled',
}

/** One container of the pod, in start order. */
export interface PodReportContainer {
  /** The container's name. */
  readonly name: string;
  /** Init container, native sidecar or regular container. */
  readonly role: PodReportRole;
  /**
   * The pattern of this library that added it (`native-sidecar`, `wait-for`, ...).
   * @default - written by hand
   */
  readonly pattern?: string;
  /**
   * The injector that adds it when the pod is created (`Istio`, `Linkerd`, `the Vault agent`): not in the input, counted
   * because the pod's annotations state its requests (`sidecar.istio.io/proxyCPU`, ...).
   * @default - in the input
   */
  readonly injectedBy?: string;
  /**
   * The container image.
   * @default - none set
   */
  readonly image?: string;
  /**
   * 1-based startup step: init containers one step each in list order, then the regular containers in one step
   * (a regular container with a postStart hook holds back those listed after it: they get the next step).
   */
  readonly startStep: number;
  /** What the container waits on before it starts: `pod start`, `'wait-for-postgres' completed`, ... */
  readonly startsAfter: string;
  /**
   * The startupProbe that gates the containers after this sidecar (`httpGet :3101/ready`).
   * @default - no startupProbe
   */
  readonly startupProbe?: string;
  /**
   * 1-based shutdown step: regular containers first (together), then sidecars in reverse list order.
   * @default - not running at shutdown (a plain init container has already exited)
   */
  readonly stopStep?: number;
  /** The container's requests after the API server's defaulting: `cpu` in millicores, memory in bytes. */
  readonly requests: { [resource: string]: number };
  /** The container's limits: `cpu` in millicores, memory in bytes. */
  readonly limits: { [resource: string]: number };
}

/** One port a container declares. */
export interface PodReportPort {
  /** The container that declares it. */
  readonly container: string;
  /** The port number. */
  readonly port: number;
  /** `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
  /**
   * The port's name.
   * @default - unnamed
   */
  readonly name?: string;
}

/** One container mounting a volume. */
export interface PodReportMount {
  /** The container. */
  readonly container: string;
  /** Where it is mounted. */
  readonly path: string;
  /** True when mounted read-only. */
  readonly readOnly: boolean;
}

/** A pod volume and the containers that mount it. */
export interface PodReportVolume {
  /** The volume's name. */
  readonly name: string;
  /** Its source: `emptyDir`, `configMap`, `secret`, `persistentVolumeClaim`, ... */
  readonly source: string;
  /** True for an emptyDir with `medium: Memory` (tmpfs): its bytes count against the writing container's memory. */
  readonly memoryBacked: boolean;
  /** True when two or more containers mount it. */
  readonly shared: boolean;
  /** The containers mounting it, in start order. */
  readonly mounts: PodReportMount[];
}

/** What a namespace ResourceQuota sees of the workload: the pod's requests and limits times its replicas. */
export interface PodReportQuota {
  /** Fixed replicas, one pod per node, or HPA-scaled. */
  readonly scaling: PodReportScaling;
  /** The replicas in words: `3 replicas`, `per node`, `3..30 replicas (HPA web-app-hpa)`. */
  readonly description: string;
  /**
   * Fewest pods: the replicas, or the HPA's minReplicas.
   * @default - per node (DaemonSet): amounts are for one pod
   */
  readonly minReplicas?: number;
  /**
   * Most pods: the replicas, or the HPA's maxReplicas.
   * @default - per node (DaemonSet): amounts are for one pod
   */
  readonly maxReplicas?: number;
  /** Requests at `minReplicas` (one pod per node for a DaemonSet). */
  readonly minRequests: { [resource: string]: number };
  /** Requests at `maxReplicas` (one pod per node for a DaemonSet). */
  readonly maxRequests: { [resource: string]: number };
  /** Limits at `minReplicas`. */
  readonly minLimits: { [resource: string]: number };
  /** Limits at `maxReplicas`. */
  readonly maxLimits: { [resource: string]: number };
}

/** A memory-backed (tmpfs) emptyDir a container writes. */
export interface PodReportTmpfs {
  /** The volume's name. */
  readonly name: string;
  /**
   * Its `emptyDir.sizeLimit` in bytes.
   * @default - no sizeLimit
   */
  readonly sizeLimit?: number;
  /**
   * Bytes the tmpfs may hold: the pod's memory limit, lowered to the sizeLimit (Kubernetes 1.32+).
   * @default - unbounded here: up to the node's allocatable memory
   */
  readonly size?: number;
}

/** Memory left to a container once the memory-backed volumes it writes are full (tmpfs pages count against it). */
export interface PodReportHeadroom {
  /** The container. */
  readonly container: string;
  /**
   * Its memory limit in bytes: its own, else the pod's memory cgroup limit.
   * @default - no memory limit
   */
  readonly memoryLimit?: number;
  /**
   * Where `memoryLimit` comes from: `container` or `pod`.
   * @default - no memory limit
   */
  readonly limitSource?: string;
  /** The memory-backed volumes it mounts writable. */
  readonly volumes: PodReportTmpfs[];
  /**
   * The memory limit minus what the volumes may hold; negative when they can exceed it.
   * @default - unknown (no memory limit, or a volume without a bound)
   */
  readonly remaining?: number;
}

/** The pod overhead (`spec.overhead`, KEP-688) counted in the pod's requests and limits. */
export interface PodReportOverhead {
  /**
   * The overhead after the API server's defaulting: `cpu` in millicores, memory in bytes. Added to the pod's requests,
   * and to each of its limits that is set (component-helpers `PodRequests`, `PodLimits`).
   */
  readonly resources: { [resource: string]: number };
  /**
   * The RuntimeClass whose `overhead.podFixed` the RuntimeClass admission plugin sets it from: the pod writes no overhead
   * and names a RuntimeClass the input declares.
   * @default - written in the pod spec
   */
  readonly runtimeClass?: string;
  /**
   * Where that RuntimeClass is declared: `file#doc RuntimeClass/kata` (a manifest), `chart/kata RuntimeClass/kata` (an
   * API object of the App), or `KubernetesTarget of <scope>`.
   * @default - written in the pod spec
   */
  readonly declaredIn?: string;
}

/** A finding of the pod checks. */
export interface PodReportFinding {
  /** The rule's stable ID, e.g. `PP-FEATURE-VERSION`. */
  readonly ruleId: string;
  /** Error or warning. */
  readonly severity: RuleSeverity;
  /** The message: culprit, value and fix. */
  readonly message: string;
}

/** Every fact of the report, as plain data (the JSON form). */
export interface PodReportData {
  /** Workload kind: Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod. */
  readonly kind: string;
  /** Workload name. */
  readonly name: string;
  /**
   * Workload namespace.
   * @default - none set
   */
  readonly namespace?: string;
  /** Where it comes from: construct path, or `file#doc`. */
  readonly source: string;
  /** Containers in start order. */
  readonly containers: PodReportContainer[];
  /** The pod's effective requests, as the scheduler counts them. */
  readonly requests: { [resource: string]: number };
  /** The pod's effective limits. */
  readonly limits: { [resource: string]: number };
  /**
   * The pod overhead included in `requests` and `limits`: `spec.overhead` as written, or as the RuntimeClass admission
   * plugin sets it from the pod's RuntimeClass.
   * @default - no overhead
   */
  readonly overhead?: PodReportOverhead;
  /** QoS class, as the API server records it in `status.qosClass`. */
  readonly qosClass: QosClass;
  /** What a namespace ResourceQuota sees. */
  readonly quota: PodReportQuota;
  /** Ports of every container. */
  readonly ports: PodReportPort[];
  /** Volumes mounted by at least one container. */
  readonly volumes: PodReportVolume[];
  /** Memory headroom of each container that mounts a memory-backed volume. */
  readonly memoryHeadroom: PodReportHeadroom[];
  /** Findings of the pod checks. */
  readonly findings: PodReportFinding[];
}
