/**
 * Pattern 4, adapter: a JMX exporter that turns the legacy app's Jolokia/JMX output into Prometheus
 * metrics on `:5556` (port `prom-metrics`), which is what the platform scrapes. Any Kubernetes version.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { APP_RESOURCES, articleMetadata, selectApp } from './shared';
import { WithAdapter } from '../lib/mixins/with-adapter';

export function build(app: App): Chart {
  const chart = new Chart(app, 'adapter');
  const legacy = selectApp(new kplus.Deployment(chart, 'legacy-app', {
    ...articleMetadata('legacy-app'),
    containers: [{
      name: 'legacy-app',
      image: 'mycompany/legacy:5.4.0',
      // exposes /jolokia, a JMX-over-HTTP endpoint specific to JVM apps
      ports: [{ number: 8778, name: 'jolokia' }],
      resources: APP_RESOURCES,
    }],
  }), 'legacy-app');
  const config = kplus.Volume.fromConfigMap(chart, 'exporter-config-volume',
    kplus.ConfigMap.fromConfigMapName(chart, 'jmx-exporter-config', 'jmx-exporter-config'), { name: 'exporter-config' });
  legacy.with(new WithAdapter({
    name: 'jmx-exporter',
    image: 'bitnami/jmx-exporter:1.0.1',
    args: ['5556', '/etc/jmx-exporter/config.yaml'],
    ports: [{ number: 5556, name: 'prom-metrics' }],
    volumeMounts: [{ path: '/etc/jmx-exporter', volume: config }],
  }));
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
