/**
 * A platform chart: several teams' workloads in one chart, and one line that gives every one of them
 * the same native log shipper, `chart.with(new WithNativeSidecar(...))`. The shipper's `appVolumeMounts`
 * mount the shared `logs` emptyDir into every app container, so the apps need not know about it.
 */
import { App, Chart, Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { APP_RESOURCES, articleMetadata, LOG_PATH, logVolumes, promtailProps, promtailStartupProbe, selectApp } from './shared';
import { WaitTarget } from '../lib/mixins/wait-target';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';
import { WithWaitFor } from '../lib/mixins/with-wait-for';

export function build(app: App): Chart {
  const chart = new Chart(app, 'platform-chart');
  const volumes = logVolumes(chart);

  selectApp(new kplus.Deployment(chart, 'web', {
    ...articleMetadata('web'),
    replicas: 3,
    containers: [{ name: 'app', image: 'mycompany/web:1.6.0', resources: APP_RESOURCES }],
  }), 'web');
  const api = selectApp(new kplus.Deployment(chart, 'api', {
    ...articleMetadata('api'),
    replicas: 2,
    containers: [{ name: 'api', image: 'mycompany/api:3.2.0', resources: APP_RESOURCES }],
  }), 'api');
  api.with(new WithWaitFor({ name: 'wait-for-postgres', target: WaitTarget.tcp('postgres-service', 5432) }));
  new kplus.Job(chart, 'db-migrate', {
    metadata: { name: 'db-migrate' },
    containers: [{ name: 'migrate', image: 'mycompany/api:3.2.0', args: ['migrate', 'up'], resources: APP_RESOURCES }],
  });
  new kplus.CronJob(chart, 'cache-warmer', {
    metadata: { name: 'cache-warmer' },
    schedule: Cron.schedule({ minute: '*/15' }),
    containers: [{ name: 'warmer', image: 'mycompany/cache-warmer:1.1.0', resources: APP_RESOURCES }],
  });

  // Every workload above gets the log shipper, after its own init containers (wait-for-postgres first on api).
  chart.with(new WithNativeSidecar({
    ...promtailProps(volumes),
    startup: promtailStartupProbe(),
    appVolumeMounts: [{ path: LOG_PATH, volume: volumes.logs }],
  }));
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
