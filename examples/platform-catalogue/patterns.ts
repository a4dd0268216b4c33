/**
 * The platform team's patterns: the library's mixins with the team's defaults. Application code applies each with one
 * line and may override any field: `new WithAcmeLogShipper(chart, { resources: ... })`.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { PatternContainerOverrides, PatternOverrides, WithCloudSqlProxy, WithFluentBit } from '../../lib';

/** Where every Acme app writes its log files, and the log shipper reads them. */
export const ACME_LOG_PATH = '/var/log/app';

/** The name the platform's rules look for. */
export const ACME_LOG_SHIPPER = 'log-shipper';

/** The shared volumes of a scope (a chart): the log emptyDir and the platform's Fluent Bit ConfigMap, declared once. */
function acmeVolumes(scope: Construct): { logs: kplus.Volume; config: kplus.Volume } {
  const find = (id: string) => scope.node.tryFindChild(id) as kplus.Volume | undefined;
  return {
    logs: find('acme-logs') ?? kplus.Volume.fromEmptyDir(scope, 'acme-logs', 'acme-logs', { sizeLimit: Size.mebibytes(256) }),
    config: find('acme-fluent-bit-config') ?? kplus.Volume.fromConfigMap(scope, 'acme-fluent-bit-config',
      kplus.ConfigMap.fromConfigMapName(scope, 'acme-fluent-bit', 'acme-fluent-bit'), { name: 'acme-fluent-bit-config' }),
  };
}

/**
 * The Acme log shipper: the Fluent Bit preset (a native sidecar) with the platform's name, image, configuration and
 * resources; the app containers get the log volume at /var/log/app. Apply it to a workload or to a whole chart.
 */
export class WithAcmeLogShipper extends WithFluentBit {
  /**
   * @param scope where the shared volumes are declared (the chart)
   * @param overrides any container field, replacing the team's default for that field
   */
  constructor(scope: Construct, overrides: PatternContainerOverrides = {}) {
    const { logs, config } = acmeVolumes(scope);
    super({
      ...PatternOverrides.merge({
        name: ACME_LOG_SHIPPER,
        image: 'fluent/fluent-bit:3.2.2',
        resources: { cpu: { request: kplus.Cpu.millis(20) }, memory: { request: Size.mebibytes(48), limit: Size.mebibytes(96) } },
        volumeMounts: [{ path: ACME_LOG_PATH, volume: logs, readOnly: true }],
        appVolumeMounts: [{ path: ACME_LOG_PATH, volume: logs }],
      }, overrides),
      config,
    });
  }
}

/**
 * The Acme database proxy: the Cloud SQL Auth Proxy preset over private IP, with smaller resources than Google's
 * example (Acme's apps hold few connections).
 */
export class WithAcmeDatabase extends WithCloudSqlProxy {
  /**
   * @param instance the instance connection name, `project:region:instance`
   * @param overrides any container field, replacing the team's default for that field
   */
  constructor(instance: string, overrides: PatternContainerOverrides = {}) {
    super({
      ...PatternOverrides.merge({
        name: 'cloud-sql-proxy',
        image: WithCloudSqlProxy.IMAGE,
        resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
      }, overrides),
      instance,
      privateIp: true,
    });
  }
}
