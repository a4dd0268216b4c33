import { neverExitingCommand } from '../lib/model/long-running-command';

const sh = (script: string): string | undefined => neverExitingCommand(['sh', '-c'], [script]);

describe('neverExitingCommand', () => {
  describe('programs run directly', () => {
    test.each([
      [['tail', '-f', '/var/log/app.log'], 'tail -f /var/log/app.log'],
      [['tail', '-F', '/opt/logs.txt'], 'tail -F /opt/logs.txt'],
      [['tail', '-n+1', '--follow=name', 'x.log'], 'tail -n+1 --follow=name x.log'],
      [['/usr/bin/tail', '-10f', 'x.log'], '/usr/bin/tail -10f x.log'],
      [['sleep', 'infinity'], 'sleep infinity'],
      [['/bin/sleep', 'inf'], '/bin/sleep inf'],
      [['tini', '--', 'sleep', 'infinity'], 'sleep infinity'],
      [['nginx', '-g', 'daemon off;'], 'nginx -g "daemon off;"'],
      [['python3', '-m', 'http.server', '8080'], 'python3 -m http.server 8080'],
      [['nc', '-lk', '-p', '9000'], 'nc -lk -p 9000'],
      [['ncat', '--listen', '--keep-open', '3307'], 'ncat --listen --keep-open 3307'],
      [['httpd', '-D', 'FOREGROUND'], 'httpd -D FOREGROUND'],
      [['redis-server', '--port', '6379'], 'redis-server --port 6379'],
    ])('%j never exits', (argv, shown) => {
      expect(neverExitingCommand(argv, undefined)).toBe(shown);
      expect(neverExitingCommand(undefined, argv)).toBe(shown); // args alone: the image's entrypoint runs them the same
      expect(neverExitingCommand(argv.slice(0, 1), argv.slice(1))).toBe(shown);
    });

    test.each([
      [['tail', '-n', '100', '/var/log/app.log']],
      [['tail', '-f', '--pid=1', 'x.log']],
      [['sleep', '30']],
      [['sleep']],
      [['nginx']],
      [['nc', '-l', '9000']],
      [['python3', 'job.py', '-m', 'http.server']],
      [['/app/worker', '--once']],
      [[]],
    ])('%j may exit', argv => {
      expect(neverExitingCommand(argv, undefined)).toBeUndefined();
    });

    test('nothing to read without command and args (the image decides)', () => {
      expect(neverExitingCommand(undefined, undefined)).toBeUndefined();
    });
  });

  describe('shell scripts', () => {
    test.each([
      ['tail -F /opt/logs.txt', 'tail -F /opt/logs.txt'],
      ['set -e\nmkdir -p /logs\n# ship the logs\nexec tail -n+1 -F /logs/app.log', 'tail -n+1 -F /logs/app.log'],
      ['while true; do echo "logging" >> /opt/logs.txt; sleep 1; done', 'while true'],
      ['while :\ndo\n  date\n  sleep 5\ndone', 'while :'],
      ['while [ 1 ]; do date; sleep 1; done', 'while [ 1 ]'],
      ['while sleep 30; do curl -s localhost:9090/metrics; done', 'while sleep 30'],
      ['until false; do date; done', 'until false'],
      ['while true; do while read -r l; do echo "$l"; done < /in; done', 'while true'],
      ['trap "exit 0" TERM; sleep infinity & wait', 'sleep infinity & wait'],
      ['setup.sh &&\n  tail -f /dev/null', 'tail -f /dev/null'],
      ['tail -f /var/log/a.log | grep --line-buffered ERROR', 'tail -f /var/log/a.log'],
      ['echo "$(date) start"; sleep infinity', 'sleep infinity'],
    ])('%j never exits', (script, shown) => {
      expect(sh(script)).toBe(shown);
    });

    test.each([
      ['echo "logging" > /opt/logs.txt'],
      ['while [ ! -f /shared/done ]; do sleep 1; done'],
      ['while true; do if [ -f /shared/done ]; then exit 0; fi; sleep 1; done'],
      ['while true; do [ -f /shared/done ] && break; sleep 1; done'],
      ['while true; do sleep 1; done &\nrun-batch'],
      ['tail -f /dev/null &\nrun-batch'],
      ['tail -f x | grep y &'],
      ['if [ -n "$DEBUG" ]; then sleep infinity; fi'],
      ['case "$MODE" in debug) sleep infinity ;; esac'],
      ['keep() { tail -f /dev/null; }; echo done'],
      ['run-batch || sleep infinity'],
      ['for f in a b; do tail -f "$f"; done'],
      ['exit 0\nsleep infinity'],
      ['exec run-batch\ntail -f /dev/null'],
      ['cat <<EOF > /tmp/x\nwhile true; do :; done\nEOF\nrun-batch'],
      ['echo "unterminated'],
      ['echo "tail -f /var/log/x"'],
      ['echo while true'],
    ])('%j may exit (or cannot be read with certainty)', script => {
      expect(sh(script)).toBeUndefined();
    });

    test('the shell may be named by path, take flags before -c, or run under busybox', () => {
      expect(neverExitingCommand(['/bin/bash', '-e', '-c', 'tail -F /x'], undefined)).toBe('tail -F /x');
      expect(neverExitingCommand(['bash', '-euxc', 'sleep infinity'], undefined)).toBe('sleep infinity');
      expect(neverExitingCommand(['busybox', 'sh', '-c', 'sleep infinity'], undefined)).toBe('sleep infinity');
      // the keep-alive of countless debugging pods
      expect(neverExitingCommand(['/bin/sh', '-c', '--'], ['while true; do sleep 30; done;'])).toBe('while true');
      expect(neverExitingCommand(['python3', '-c', 'while True: pass'], undefined)).toBeUndefined();
      expect(neverExitingCommand(['sh', 'script.sh'], undefined)).toBeUndefined();
    });
  });
});
