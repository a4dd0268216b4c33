/**
 * Pattern 1, classic sidecar: a promtail log shipper as a second regular container of `web-app`,
 * tailing the `logs` emptyDir the app writes to. Both start in parallel, with no ordering guarantee.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { APP_RESOURCES, articleMetadata, LOG_PATH, logVolumes, promtailProps, selectApp } from './shared';
import { WithClassicSidecar } from '../lib/mixins/with-classic-sidecar';

export function build(app: App): Chart {
  const chart = new Chart(app, 'classic-sidecar');
  const volumes = logVolumes(chart);
  const web = selectApp(new kplus.Deployment(chart, 'web-app', {
    ...articleMetadata('web-app'),
    replicas: 3,
    containers: [{
      name: 'app',
      image: 'mycompany/web:1.6.0',
      volumeMounts: [{ path: LOG_PATH, volume: volumes.logs }],
      resources: APP_RESOURCES,
    }],
  }), 'web-app');
  web.with(new WithClassicSidecar(promtailProps(volumes)));
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
