import { fieldPath, ModelContainer, PodModel } from '../../model/pod-model';
import { PodRule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { who } from './rule-helpers';

/**
 * Container names must be unique across `containers` and `initContainers`.
 * Port of kubernetes `pkg/apis/core/validation/validation.go` `validateContainers` (regular list against itself)
 * and `validateInitContainers` (each init container against every regular name and the earlier init names);
 * the error lands on the later entry (VALIDATION-RULES 1.3).
 */
export const duplicateName: PodRule = {
  id: 'PP-DUPLICATE-NAME',
  severity: RuleSeverity.ERROR,
  apiServerRejects: true,
  cause: 'Two containers of the pod (containers and initContainers together) have the same name.',
  explanation: 'Container names must be unique across `containers` and `initContainers`, native sidecars included: '
    + 'the API server rejects the pod with `Duplicate value`. cdk8s-plus names a container `main` when no name is given, '
    + 'so two unnamed containers collide. Rename one of them.',
  source: 'kubernetes pkg/apis/core/validation/validation.go validateContainers, validateInitContainers',
  check: (pod: PodModel) => {
    const out: string[] = [];
    if (!hasDuplicateName(pod.containers)) return out;
    const regular = pod.containers.filter(c => c.role === 'main');
    const init = pod.containers.filter(c => c.role !== 'main');
    const report = (dup: ModelContainer, first: ModelContainer) => {
      out.push(`container name '${dup.name}' is used twice: ${who(dup)} (${fieldPath(dup)}) and ${who(first)} (${fieldPath(first)}); `
        + `the API server rejects the pod (${fieldPath(dup)}.name: Duplicate value: "${dup.name}"). `
        + 'Names must be unique across containers and initContainers: rename one of them.');
    };
    const regularByName = new Map<string, ModelContainer>();
    for (const c of regular) {
      const first = regularByName.get(c.name);
      if (first) report(c, first);
      else regularByName.set(c.name, c);
    }
    const initByName = new Map<string, ModelContainer>();
    for (const c of init) {
      const first = regularByName.get(c.name) ?? initByName.get(c.name);
      if (first) report(c, first);
      if (!initByName.has(c.name)) initByName.set(c.name, c);
    }
    return out;
  },
};

/** Whether two containers share a name: the allocation-free test every pod goes through (a pod has a handful). */
function hasDuplicateName(cs: readonly ModelContainer[]): boolean {
  for (let i = 1; i < cs.length; i++) {
    for (let j = 0; j < i; j++) {
      if (cs[i].name === cs[j].name) return true;
    }
  }
  return false;
}
