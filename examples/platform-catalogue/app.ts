/**
 * An application team's chart built on the platform catalogue: one line gives every workload the Acme log shipper,
 * one line opts the chart into the Acme rules, and the orders API adds the Acme database proxy.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { acmePlatformRules, WithAcmeDatabase, WithAcmeLogShipper } from '.';
import { PodChecks } from '../../lib';
import { APP_RESOURCES, articleMetadata, selectApp } from '../shared';

export function build(app: App): Chart {
  const chart = new Chart(app, 'platform-catalogue');
  PodChecks.addRulePack(chart, acmePlatformRules);

  const orders = selectApp(new kplus.Deployment(chart, 'orders', {
    ...articleMetadata('orders'),
    replicas: 2,
    containers: [{ name: 'api', image: 'acme/orders:2.4.1', resources: APP_RESOURCES, ports: [{ number: 8080, name: 'http' }] }],
  }), 'orders');
  orders.with(new WithAcmeDatabase('acme-prod:europe-west1:orders'));

  new kplus.Job(chart, 'nightly-export', {
    metadata: { name: 'nightly-export' },
    containers: [{ name: 'export', image: 'acme/orders:2.4.1', args: ['export'], resources: APP_RESOURCES }],
  });

  // Every workload of the chart gets the log shipper; this chart's shipper gets more memory (one field overridden).
  chart.with(new WithAcmeLogShipper(chart, {
    resources: { cpu: { request: kplus.Cpu.millis(20) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(192) } },
  }));
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
