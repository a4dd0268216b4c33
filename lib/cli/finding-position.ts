import { podSpecPathOf } from '../manifest/manifest-model';
import { ManifestObject } from '../manifest/manifest-reader';
import { SourcePosition } from '../manifest/source-positions';
import { KubeObject } from '../model/kube-object';

/**
 * Where a finding points in its file: the field it names when it names one, else its object. Internal module of the CLI.
 */

/** The fields of a pod spec whose paths the rules quote (`spec.containers[1].ports[0]`, `spec.volumes[0]`). */
const POD_SPEC_FIELDS = new Set([
  'containers', 'initContainers', 'ephemeralContainers', 'volumes', 'shareProcessNamespace', 'terminationGracePeriodSeconds',
  'restartPolicy', 'hostNetwork', 'securityContext', 'resources', 'os', 'hostPID', 'hostIPC', 'overhead',
]);

/**
 * The first pod field path a rule's message quotes, in the API server's terms relative to the pod
 * (`spec.initContainers[1].startupProbe`), as a JSON pointer into the object that holds the pod
 * (`/spec/template/spec/initContainers/1/startupProbe` in a Deployment). Undefined when the message quotes none.
 */
export function fieldPointerOf(message: string, o: KubeObject): string | undefined {
  const podSpec = podSpecPathOf(o);
  if (!podSpec) return undefined;
  const paths = /\bspec\.([A-Za-z]+)((?:\[\d+\]|\.[A-Za-z]+)*)/g;
  for (let m = paths.exec(message); m; m = paths.exec(message)) {
    if (!POD_SPEC_FIELDS.has(m[1])) continue;
    const rest = [...m[2].matchAll(/\[(\d+)\]|\.([A-Za-z]+)/g)].map(s => s[1] ?? s[2]);
    return '/' + [...podSpec, m[1], ...rest].join('/');
  }
  return undefined;
}

/** The position of `pointer` in the object's file (the deepest node found on the way), else of the object itself. */
export function positionIn(m: ManifestObject, pointer?: string): SourcePosition {
  const whole = pointer === undefined || pointer === '' || pointer === '/';
  // A document's own start is known without parsing it again; an item of a List, or a field, is looked up.
  if (whole && m.item === undefined && m.position) return m.position;
  return m.positionOf?.(whole ? '' : pointer) ?? m.position ?? { line: m.line ?? 1, column: 1 };
}
