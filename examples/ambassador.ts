/**
 * Pattern 3, ambassador: twemproxy in front of sharded Redis. The app talks to `redis://localhost:6379`
 * (injected as `REDIS_URL`) and the ambassador shards the traffic. Any Kubernetes version.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { APP_RESOURCES, articleMetadata, selectApp } from './shared';
import { WithAmbassador } from '../lib/mixins/with-ambassador';

export function build(app: App): Chart {
  const chart = new Chart(app, 'ambassador');
  const api = selectApp(new kplus.Deployment(chart, 'api', {
    ...articleMetadata('api'),
    containers: [{ name: 'app', image: 'mycompany/api:3.2.0', resources: APP_RESOURCES }],
  }), 'api');
  const config = kplus.Volume.fromConfigMap(chart, 'nutcracker-config-volume',
    kplus.ConfigMap.fromConfigMapName(chart, 'nutcracker-config', 'nutcracker-config'), { name: 'nutcracker-config' });
  api.with(new WithAmbassador({
    name: 'redis-ambassador',
    image: 'kuiken/twemproxy:0.5',
    args: ['-c', '/etc/twemproxy/nutcracker.yaml'],
    // `ports`, not `portNumber`: cdk8s-plus adds a TCP startupProbe for `portNumber`, the article has none.
    ports: [{ number: 6379 }],
    volumeMounts: [{ path: '/etc/twemproxy', volume: config }],
    appUrlEnv: 'REDIS_URL',
    urlScheme: 'redis',
    // The image runs as root; cdk8s-plus's runAsNonRoot default needs an explicit user.
    securityContext: { user: 65534, group: 65534 },
  }));
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
