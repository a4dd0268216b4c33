/**
 * HPA on one container: `web-app` runs a busy app next to a near-idle log shipper, so the pod's average
 * CPU would hide the app's load. The HPA scales on the `app` container's CPU alone (a `ContainerResource`
 * metric, 70% of its request, 3 to 30 replicas). Kubernetes 1.27+ (1.20-1.26 with HPAContainerMetrics).
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { APP_RESOURCES, articleMetadata, LOG_PATH, logVolumes, promtailProps, promtailStartupProbe, selectApp } from './shared';
import { WithContainerAutoscaling } from '../lib/mixins/with-container-autoscaling';
import { WithNativeSidecar } from '../lib/mixins/with-native-sidecar';

export function build(app: App): Chart {
  const chart = new Chart(app, 'hpa-container');
  const volumes = logVolumes(chart);
  const web = selectApp(new kplus.Deployment(chart, 'web-app', {
    ...articleMetadata('web-app'),
    containers: [{
      name: 'app',
      image: 'mycompany/web:1.6.0',
      volumeMounts: [{ path: LOG_PATH, volume: volumes.logs }],
      // the HPA's utilisation is a percentage of this CPU request
      resources: APP_RESOURCES,
    }],
  }), 'web-app');
  web.with(
    new WithNativeSidecar({ ...promtailProps(volumes), startup: promtailStartupProbe() }),
    new WithContainerAutoscaling({ container: 'app', minReplicas: 3, maxReplicas: 30, cpuUtilization: 70 }),
  );
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
