import { shellQuote } from './shell-quote';
/**
 * What a wait-for init container waits for.
 */
export class WaitTarget {
  /**
   * A TCP port that accepts connections (`nc -z host port`), e.g. `WaitTarget.tcp('postgres-service', 5432)`.
   * @param host a DNS name or an IPv4 address
   * @param port 1-65535
   */
  public static tcp(host: string, port: number): WaitTarget {
    checkHost(host, 'host');
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`WaitTarget.tcp: 'port' (${port}) must be an integer between 1 and 65535.`);
    }
    return new WaitTarget('tcp', `${host}:${port}`, `nc -z ${host} ${port}`);
  }

  /**
   * An HTTP(S) URL that answers with a 2xx status (`wget --spider`), e.g. `WaitTarget.http('http://config:8080/healthz')`.
   */
  public static http(url: string): WaitTarget {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new Error(`WaitTarget.http: 'url' (${JSON.stringify(url)}) is not a valid URL: use e.g. 'http://config-service:8080/healthz'.`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new Error(`WaitTarget.http: 'url' (${JSON.stringify(url)}) must use http or https, not ${u.protocol.replace(':', '')}.`);
    }
    if (u.username || u.password) {
      throw new Error(`WaitTarget.http: 'url' (${JSON.stringify(url)}) must not carry credentials: they would be visible in the pod spec.`);
    }
    const href = u.href;
    return new WaitTarget('http', href, `wget -q --spider -T 5 ${shellQuote(href)}`);
  }

  /**
   * A DNS name that resolves (`nslookup`), e.g. a Service that must exist before the app starts.
   */
  public static dns(hostname: string): WaitTarget {
    checkHost(hostname, 'hostname', 'dns');
    return new WaitTarget('dns', hostname, `nslookup ${hostname}`);
  }

  private constructor(
    /** `tcp`, `http` or `dns`. */
    public readonly kind: string,
    /** What is waited for, for messages: `host:port`, the URL or the hostname. */
    public readonly description: string,
    /** The shell test that succeeds once the target answers. */
    public readonly probeCommand: string,
  ) {}
}

const HOST = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

function checkHost(host: string, field: string, method = 'tcp'): void {
  if (typeof host !== 'string' || host.trim() === '') {
    throw new Error(`WaitTarget.${method}: '${field}' must not be empty: name the Service or host to wait for, e.g. 'postgres-service'.`);
  }
  if (!HOST.test(host)) {
    throw new Error(`WaitTarget.${method}: '${field}' (${JSON.stringify(host)}) is not a DNS name or IPv4 address.`);
  }
}

