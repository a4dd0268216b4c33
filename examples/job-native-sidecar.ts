/**
 * A Job with a native sidecar: the batch container runs to completion while the promtail log shipper
 * tails its logs. Being an init container with `restartPolicy: Always`, the shipper does not keep the
 * Job from completing (a classic sidecar would, and WithClassicSidecar refuses a Job for that reason).
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { APP_RESOURCES, LOG_PATH, logVolumes, promtailProps, promtailStartupProbe } from './shared';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';

export function build(app: App): Chart {
  const chart = new Chart(app, 'job-native-sidecar');
  const volumes = logVolumes(chart);
  const job = new kplus.Job(chart, 'nightly-report', {
    metadata: { name: 'nightly-report' },
    backoffLimit: 2,
    ttlAfterFinished: Duration.hours(1),
    containers: [{
      name: 'batch',
      image: 'mycompany/report:2.0.1',
      args: ['--since=24h'],
      volumeMounts: [{ path: LOG_PATH, volume: volumes.logs }],
      resources: APP_RESOURCES,
    }],
  });
  job.with(new WithNativeSidecar({ ...promtailProps(volumes), startup: promtailStartupProbe() }));
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
