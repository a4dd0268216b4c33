import { IConstruct } from 'constructs';
import { PatternKind } from '../model/pod-model';

/**
 * What the mixins record about one cdk8s-plus workload, which its objects do not say: which containers a mixin added,
 * and with which pattern. One small object per workload. Internal.
 */
export class WorkloadState {
  /** The workload's state, created on first use. */
  public static of(w: IConstruct): WorkloadState {
    let s = STATES.get(w);
    if (!s) {
      s = new WorkloadState();
      STATES.set(w, s);
    }
    return s;
  }

  /** The workload's state if anything was recorded for it. */
  public static peek(w: IConstruct): WorkloadState | undefined {
    return STATES.get(w);
  }

  /** The containers the mixins added, in the order they were added. */
  private added: readonly AddedContainer[] = NONE_ADDED;

  /** Whether the kubectl default-container annotation is settled (set by a mixin, or already set by the user). */
  public defaultContainerDecided = false;

  /** Id of the `WithContainerAutoscaling` that created the workload's HPA. */
  public autoscaledBy: number | undefined = undefined;

  private constructor() {}

  /** Records that the mixin instance `mixinId` added the container `name` with pattern `kind`. */
  public recordPattern(name: string, kind: PatternKind, mixinId: number): void {
    this.added = this.added.concat({ name, kind, mixinId });
  }

  /** The pattern of the container of that name, if a mixin added it. */
  public patternOf(name: string): PatternKind | undefined {
    return this.find(name)?.kind;
  }

  /** The id of the mixin instance that added the container of that name, if a mixin did. */
  public addedBy(name: string): number | undefined {
    return this.find(name)?.mixinId;
  }

  /** Whether any mixin added a container. */
  public get hasPatterns(): boolean {
    return this.added.length > 0;
  }

  private find(name: string): AddedContainer | undefined {
    // a workload holds a handful of containers: a scan is cheaper than a Map, in time and memory
    const added = this.added;
    for (let i = 0; i < added.length; i++) {
      if (added[i].name === name) return added[i];
    }
    return undefined;
  }
}

interface AddedContainer {
  readonly name: string;
  readonly kind: PatternKind;
  readonly mixinId: number;
}

const STATES = new WeakMap<IConstruct, WorkloadState>();
const NONE_ADDED: readonly AddedContainer[] = [];
