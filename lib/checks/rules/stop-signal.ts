import { closestName } from '../../model/closest-match';
import { KubernetesFeature } from '../../model/kubernetes-feature';
import { fieldPath, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/**
 * The stop signals the API server accepts on Linux: `supportedStopSignalsLinux` of kubernetes
 * `pkg/apis/core/validation/validation.go`, as KEP-4960 (keps/sig-node/4960-container-stop-signals/README.md) copies it
 * from the implementation (kubernetes/kubernetes#130556): the 34 named signals, then SIGRTMIN, SIGRTMIN+1 to +15,
 * SIGRTMAX-14 to -1 and SIGRTMAX (`core.Signal` values as written in the API).
 */
const LINUX_SIGNALS: readonly string[] = [
  'SIGABRT', 'SIGALRM', 'SIGBUS', 'SIGCHLD', 'SIGCLD', 'SIGCONT', 'SIGFPE', 'SIGHUP', 'SIGILL', 'SIGINT', 'SIGIO', 'SIGIOT',
  'SIGKILL', 'SIGPIPE', 'SIGPOLL', 'SIGPROF', 'SIGPWR', 'SIGQUIT', 'SIGSEGV', 'SIGSTKFLT', 'SIGSTOP', 'SIGSYS', 'SIGTERM',
  'SIGTRAP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGUSR1', 'SIGUSR2', 'SIGVTALRM', 'SIGWINCH', 'SIGXCPU', 'SIGXFSZ',
  'SIGRTMIN',
  ...Array.from({ length: 15 }, (_, i) => `SIGRTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `SIGRTMAX-${14 - i}`),
  'SIGRTMAX',
];
const LINUX = new Set(LINUX_SIGNALS);

/** `supportedStopSignalsWindows`: a Windows container can only be stopped with SIGKILL or SIGTERM. */
const WINDOWS_SIGNALS: readonly string[] = ['SIGKILL', 'SIGTERM'];

/**
 * `lifecycle.stopSignal` the API server rejects once ContainerStopSignals is on (KEP-4960; with the gate off the field
 * is dropped, which PP-FEATURE-VERSION reports): kubernetes `pkg/apis/core/validation/validation.go` `validateStopSignal`
 * (VALIDATION-RULES 3.9): forbidden without `spec.os.name`; on Windows only SIGKILL or SIGTERM; on Linux one of the
 * Linux signals.
 */
export const stopSignal: PodRule = {
  id: 'PP-STOP-SIGNAL',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'A container\'s lifecycle.stopSignal is set in a pod without spec.os.name, or is not a signal of that OS.',
  explanation: 'A container\'s `lifecycle.stopSignal` (KEP-4960, the ContainerStopSignals gate: alpha since 1.33) replaces '
    + 'the image\'s STOPSIGNAL as the signal the kubelet sends when it stops the container. The API server accepts it only '
    + 'in a pod that says its OS: `spec.os.name: linux` or `windows`. On Windows only SIGKILL and SIGTERM are accepted; on '
    + 'Linux a signal name as the API spells it (`SIGTERM`, `SIGQUIT`, `SIGUSR1`, `SIGRTMIN+3`...). Set `spec.os.name`, '
    + 'or use a signal of that OS.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateStopSignal; KEP-4960 container stop signals',
  check: (pod: PodModel) => {
    if (!KubernetesFeature.CONTAINER_STOP_SIGNALS.isEnabled(pod.target.version, pod.target.featureGates)) return [];
    const out: string[] = [];
    const os = pod.spec.os?.name;
    for (const c of pod.containers) {
      const signal = c.spec.lifecycle?.stopSignal as unknown;
      if (signal === undefined || signal === null) continue;
      const path = `${fieldPath(c)}.lifecycle.stopSignal`;
      if (typeof os !== 'string' || os === '') {
        out.push(`${who(c)} sets lifecycle.stopSignal ${JSON.stringify(signal)} but the pod has no spec.os.name (${path}: `
          + 'Forbidden: may not be set for containers with empty `spec.os.name`). Set spec.os.name to linux (or windows).');
        continue;
      }
      const supported = os === 'windows' ? WINDOWS_SIGNALS : os === 'linux' ? LINUX_SIGNALS : undefined;
      if (supported === undefined) continue; // another os.name is the schema's and validateOS's to reject
      if (typeof signal === 'string' && (os === 'windows' ? supported.includes(signal) : LINUX.has(signal))) continue;
      out.push(`${who(c)} sets lifecycle.stopSignal ${JSON.stringify(signal)}, which is not a ${os === 'windows' ? 'Windows' : 'Linux'} `
        + `stop signal the API server accepts (${path}: Unsupported value: ${JSON.stringify(signal)}: supported values: `
        + `${os === 'windows' ? supported.map(v => `"${v}"`).join(', ') : '"SIGABRT", ..., "SIGTERM", ..., "SIGRTMAX"'}). `
        + `${suggestion(signal, supported, os === 'windows' ? 'Use SIGTERM (or SIGKILL).' : 'Use a signal name as the API spells it, e.g. SIGTERM or SIGQUIT.')}`);
    }
    return out;
  },
};

/** "Use SIGTERM." for a near miss (`TERM`, `sigterm`, `SIGTERN`), else `otherwise`. */
function suggestion(signal: unknown, supported: readonly string[], otherwise: string): string {
  if (typeof signal === 'string') {
    const upper = signal.trim().toUpperCase();
    const named = supported.includes(`SIG${upper}`) ? `SIG${upper}` : closestName(upper, supported);
    if (named !== undefined) return `Use ${named}.`;
  }
  return otherwise;
}
