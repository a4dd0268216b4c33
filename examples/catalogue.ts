/**
 * The catalogue: every example of `examples/`, in the article's order, with the decision-matrix need it answers.
 * `synth.ts`, the tests and the generated docs read this list; add a new example here.
 */
import { App, Chart } from 'cdk8s';
import * as adapter from './adapter';
import * as ambassador from './ambassador';
import * as classicSidecar from './classic-sidecar';
import * as hpaContainer from './hpa-container';
import * as jobNativeSidecar from './job-native-sidecar';
import * as nativeSidecar from './native-sidecar';
import * as platformCatalogue from './platform-catalogue/app';
import * as platformChart from './platform-chart';
import * as waitForPostgres from './wait-for-postgres';
import * as wellKnownSidecars from './well-known-sidecars';

export interface CatalogueExample {
  /**
   * File name in `examples/` without `.ts`, or the name of a folder of `examples/` (a package of several files); also the
   * chart id and the `dist/<name>.k8s.yaml` file.
   */
  readonly name: string;
  /** One line: the pattern and what the example shows. */
  readonly title: string;
  /** When to use it, from the article's decision matrix. */
  readonly when: string;
  /** Builds the example's chart into `app`. */
  readonly build: (app: App) => Chart;
}

export const CATALOGUE: readonly CatalogueExample[] = [
  {
    name: 'classic-sidecar',
    title: 'Classic sidecar: a promtail log shipper as a second regular container',
    when: 'Run a long-lived helper alongside the app, with no startup ordering needed',
    build: classicSidecar.build,
  },
  {
    name: 'native-sidecar',
    title: 'Native sidecar: the log shipper as an init container with restartPolicy Always and a startupProbe',
    when: 'Block app startup until a sidecar is ready; run a long-lived helper on 1.29+',
    build: nativeSidecar.build,
  },
  {
    name: 'wait-for-postgres',
    title: 'Init container: wait for postgres-service:5432 before the api starts',
    when: 'Run a setup task that must finish before the app starts',
    build: waitForPostgres.build,
  },
  {
    name: 'ambassador',
    title: 'Ambassador: twemproxy in front of sharded Redis, the app talks to redis://localhost:6379',
    when: 'Proxy outgoing traffic to handle TLS, sharding, mesh',
    build: ambassador.build,
  },
  {
    name: 'adapter',
    title: 'Adapter: a JMX exporter serving the legacy app\'s metrics in Prometheus format',
    when: 'Translate the app\'s output (logs, metrics) into a standard format',
    build: adapter.build,
  },
  {
    name: 'job-native-sidecar',
    title: 'Job with a native sidecar: the log shipper does not keep the Job from completing',
    when: 'Run something for one batch and finish',
    build: jobNativeSidecar.build,
  },
  {
    name: 'hpa-container',
    title: 'HPA on one container: scale web-app on the app container\'s CPU, not the pod average',
    when: 'Scale a pod whose containers are busy in different measure',
    build: hpaContainer.build,
  },
  {
    name: 'platform-chart',
    title: 'Platform chart: one chart.with() gives every workload the same log shipper',
    when: 'Give every workload of a platform the same sidecar',
    build: platformChart.build,
  },
  {
    name: 'platform-catalogue',
    title: 'Platform catalogue: a team\'s own patterns (log shipper, database proxy) and rule pack, used by an application chart',
    when: 'Give every workload of a platform the same sidecar, and check the platform\'s own rules at synth and in the CLI',
    build: platformCatalogue.build,
  },
  {
    name: 'well-known-sidecars',
    title: 'Presets: Cloud SQL Auth Proxy, OpenTelemetry Collector and Fluent Bit as native sidecars, Envoy as an ambassador, the NGINX Prometheus exporter as an adapter',
    when: 'Run a long-lived helper alongside the app with the settings its project documents, in one line',
    build: wellKnownSidecars.build,
  },
];
