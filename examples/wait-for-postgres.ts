/**
 * Pattern 2, init container: `wait-for-postgres` loops `until nc -z postgres-service 5432` (busybox:1.37)
 * so the api container starts only once the database accepts connections. Any Kubernetes version.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { APP_RESOURCES, articleMetadata, selectApp } from './shared';
import { WaitTarget } from '../lib/mixins/wait-target';
import { WithWaitFor } from '../lib/mixins/with-wait-for';

export function build(app: App): Chart {
  const chart = new Chart(app, 'wait-for-postgres');
  const api = selectApp(new kplus.Deployment(chart, 'api', {
    ...articleMetadata('api'),
    containers: [{ name: 'api', image: 'mycompany/api:3.2.0', resources: APP_RESOURCES }],
  }), 'api');
  api.with(new WithWaitFor({
    name: 'wait-for-postgres',
    image: 'busybox:1.37',
    target: WaitTarget.tcp('postgres-service', 5432),
  }));
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
