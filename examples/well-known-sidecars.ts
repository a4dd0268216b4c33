/**
 * The presets: well-known sidecars as one-liners, with the probes, ports, resources and security settings their own
 * projects document. Google's Cloud SQL Auth Proxy and an OpenTelemetry Collector as native sidecars of the orders API,
 * Fluent Bit shipping the web app's logs, Envoy as the web app's ambassador to the payments service, and the NGINX
 * Prometheus exporter as the adapter of an NGINX front end.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { WithCloudSqlProxy, WithEnvoyAmbassador, WithFluentBit, WithNginxExporter, WithOtelCollector } from '../lib';
import { APP_RESOURCES, articleMetadata, LOG_PATH, selectApp } from './shared';

/** A ConfigMap volume named after the ConfigMap. */
function configVolume(chart: Chart, name: string): kplus.Volume {
  return kplus.Volume.fromConfigMap(chart, `${name}-volume`, kplus.ConfigMap.fromConfigMapName(chart, name, name), { name });
}

export function build(app: App): Chart {
  const chart = new Chart(app, 'well-known-sidecars');

  const orders = selectApp(new kplus.Deployment(chart, 'orders', {
    ...articleMetadata('orders'),
    containers: [{ name: 'api', image: 'mycompany/orders:2.4.1', resources: APP_RESOURCES }],
  }), 'orders');
  orders.with(
    new WithCloudSqlProxy({ instance: 'my-project:europe-west1:orders' }),
    new WithOtelCollector({ config: configVolume(chart, 'otel-collector-config') }),
  );

  const logs = kplus.Volume.fromEmptyDir(chart, 'logs', 'logs');
  const web = selectApp(new kplus.Deployment(chart, 'web', {
    ...articleMetadata('web'),
    containers: [{ name: 'app', image: 'mycompany/web:1.6.0', resources: APP_RESOURCES, volumeMounts: [{ path: LOG_PATH, volume: logs }] }],
  }), 'web');
  web.with(
    new WithFluentBit({ config: configVolume(chart, 'fluent-bit-config'), volumeMounts: [{ path: LOG_PATH, volume: logs, readOnly: true }] }),
    new WithEnvoyAmbassador({ config: configVolume(chart, 'envoy-config'), listenerPort: 9000, appUrlEnv: 'PAYMENTS_URL' }),
  );

  const frontend = selectApp(new kplus.Deployment(chart, 'frontend', {
    ...articleMetadata('frontend'),
    containers: [{
      name: 'nginx',
      image: 'nginxinc/nginx-unprivileged:1.27.3',
      resources: APP_RESOURCES,
      ports: [{ number: 8080, name: 'http' }],
      securityContext: { user: 101, group: 101 },
    }],
  }), 'frontend');
  frontend.with(new WithNginxExporter({ scrapeUri: 'http://localhost:8080/stub_status' }));
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
