/**
 * Pattern 1, native sidecar: the same promtail log shipper as an init container with
 * `restartPolicy: Always`. The kubelet starts it first and starts the app once its startupProbe
 * (`GET /ready` on 3101) passes; on shutdown it stops after the app. Kubernetes 1.29+ (1.28 with the gate).
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { APP_RESOURCES, articleMetadata, LOG_PATH, logVolumes, promtailProps, promtailStartupProbe, selectApp } from './shared';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';

export function build(app: App): Chart {
  const chart = new Chart(app, 'native-sidecar');
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
  web.with(new WithNativeSidecar({ ...promtailProps(volumes), startup: promtailStartupProbe() }));
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
