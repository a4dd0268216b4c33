import { ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { portPath, who } from './rule-helpers';

/**
 * The same port name on several containers. `k8s.io/api/core/v1/types.go` ContainerPort.Name: "Each named port
 * in a pod must have a unique name", but `validateContainerPorts` checks only within one container
 * (VALIDATION-RULES 4.3, 9.2).
 */
export const portNameRepeated: PodRule = {
  id: 'PP-PORT-NAME-REPEATED',
  severity: RuleSeverity.WARNING,
  cause: 'The same port name is declared by more than one container of the pod.',
  explanation: 'A Service `targetPort` given by name is resolved against the pod\'s container ports, and the first match '
    + 'wins: with the same name on two containers, traffic can go to the wrong one. The API docs require port names to be '
    + 'unique in the pod, but validation only checks within one container. Give each container\'s port its own name '
    + '(`http`, `proxy-http`, `metrics`).',
  source: 'k8s.io/api core/v1 types.go ContainerPort.Name; kubernetes pkg/apis/core/validation/validation.go validateContainerPorts',
  check: (pod: PodModel) => {
    if (!hasRepeatedPortName(pod.containers)) return []; // the usual pod: nothing to group
    const byName = new Map<string, Array<{ c: ModelContainer; index: number }>>();
    for (const c of pod.containers) {
      (c.spec.ports ?? []).forEach((p, index) => {
        if (!p.name) return;
        const list = byName.get(p.name) ?? [];
        if (!list.some(x => x.c === c)) list.push({ c, index });
        byName.set(p.name, list);
      });
    }
    const out: string[] = [];
    for (const [name, list] of byName) {
      if (list.length < 2) continue;
      out.push(`port name '${name}' is declared by ${list.map(x => `${who(x.c)} (${portPath(x.c, x.index)})`).join(' and ')}: a Service `
        + `targetPort '${name}' resolves to whichever comes first. Rename the port of ${list.slice(1).map(x => `'${x.c.name}'`).join(' and ')} `
        + "(port names are at most 15 characters of a-z, 0-9 and '-', e.g. 'proxy-http').");
    }
    return out;
  },
};

/** Whether two containers declare a port of the same name, searched in place. */
function hasRepeatedPortName(cs: readonly ModelContainer[]): boolean {
  for (let i = 0; i < cs.length; i++) {
    for (const p of cs[i].spec.ports ?? []) {
      if (!p.name) continue;
      for (let j = i + 1; j < cs.length; j++) {
        for (const q of cs[j].spec.ports ?? []) {
          if (q.name === p.name) return true;
        }
      }
    }
  }
  return false;
}
