import { shellQuote } from '../lib/mixins/shell-quote';
import { WaitTarget } from '../lib/mixins/wait-target';

describe('WaitTarget', () => {
  describe('tcp', () => {
    test('waits with nc -z on host and port', () => {
      const t = WaitTarget.tcp('postgres-service', 5432);
      expect(t.kind).toEqual('tcp');
      expect(t.description).toEqual('postgres-service:5432');
      expect(t.probeCommand).toEqual('nc -z postgres-service 5432');
    });

    test.each([
      ['postgres-service', 1],
      ['postgres.db.svc.cluster.local', 65535],
      ['postgres.db.svc.cluster.local.', 5432],
      ['10.0.0.12', 5432],
    ])('accepts %p port %p', (host, port) => {
      expect(WaitTarget.tcp(host, port).probeCommand).toEqual(`nc -z ${host} ${port}`);
    });

    test.each([0, 70000, 1.5, -1, NaN])('throws when port is %p, naming it', port => {
      expect(() => WaitTarget.tcp('db', port)).toThrow(`WaitTarget.tcp: 'port' (${port}) must be an integer between 1 and 65535.`);
    });

    test.each(['', '   '])('throws when host is %p', host => {
      expect(() => WaitTarget.tcp(host, 5432)).toThrow("WaitTarget.tcp: 'host' must not be empty");
    });

    test.each([
      'postgres service', 'db;rm -rf /', 'db$(id)', 'db`id`', 'db|nc', 'db&&true', "db'", 'db\n', '-db', 'db_1', 'a'.repeat(64),
    ])('throws when host is %p (spaces, shell metacharacters, not a DNS name)', host => {
      expect(() => WaitTarget.tcp(host, 5432)).toThrow(`WaitTarget.tcp: 'host' (${JSON.stringify(host)}) is not a DNS name or IPv4 address.`);
    });

    test('throws when the host is longer than 253 characters', () => {
      const host = Array(64).fill('abc').join('.');
      expect(host.length).toBeGreaterThan(253);
      expect(() => WaitTarget.tcp(host, 1)).toThrow('is not a DNS name or IPv4 address');
    });
  });

  describe('http', () => {
    test('waits with wget --spider on the quoted URL', () => {
      const t = WaitTarget.http('http://config-service:8080/healthz');
      expect(t.kind).toEqual('http');
      expect(t.description).toEqual('http://config-service:8080/healthz');
      expect(t.probeCommand).toEqual("wget -q --spider -T 5 'http://config-service:8080/healthz'");
    });

    test('accepts https and normalizes the URL', () => {
      expect(WaitTarget.http('HTTPS://Config-Service/').description).toEqual('https://config-service/');
    });

    test('quotes shell metacharacters of the path so they stay text', () => {
      const t = WaitTarget.http("http://config/a'b$(id)");
      expect(t.probeCommand).toEqual(`wget -q --spider -T 5 ${shellQuote(t.description)}`);
      expect(t.probeCommand).toContain('\'"\'"\'');
    });

    test.each(['', 'not a url', '/healthz', 'http://', 'http://exa mple.com/'])('throws when the URL is malformed: %p', url => {
      expect(() => WaitTarget.http(url)).toThrow(`WaitTarget.http: 'url' (${JSON.stringify(url)}) is not a valid URL`);
    });

    test('throws when the URL is not http or https, naming the scheme', () => {
      expect(() => WaitTarget.http('ftp://files/x')).toThrow('WaitTarget.http: \'url\' ("ftp://files/x") must use http or https, not ftp.');
      // a host:port without a scheme parses as scheme 'config-service'
      expect(() => WaitTarget.http('config-service:8080/healthz')).toThrow('must use http or https, not config-service.');
    });

    test.each(['http://user:secret@config/', 'http://user@config/'])('throws when the URL carries credentials: %p', url => {
      expect(() => WaitTarget.http(url)).toThrow(`'url' (${JSON.stringify(url)}) must not carry credentials`);
    });
  });

  describe('dns', () => {
    test('waits with nslookup', () => {
      const t = WaitTarget.dns('postgres-service.db.svc.cluster.local');
      expect(t.kind).toEqual('dns');
      expect(t.probeCommand).toEqual('nslookup postgres-service.db.svc.cluster.local');
    });

    test.each(['', 'my service', 'x;reboot'])('throws when hostname is %p', host => {
      expect(() => WaitTarget.dns(host)).toThrow(/^WaitTarget\.dns: 'hostname' /);
    });
  });

  test('shellQuote single-quotes any string for sh', () => {
    expect(shellQuote('plain')).toEqual("'plain'");
    expect(shellQuote("it's")).toEqual('\'it\'"\'"\'s\'');
  });
});
