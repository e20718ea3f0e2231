import test from 'ava';
import { Egress } from '../../app/net/egress.ts';
import { loopbackServer, memoryLogger, tableResolver } from './loopback.ts';

test('a loopback server is refused unless its host:port is allow-listed', async (t) => {
  const server = await loopbackServer((_req, res) => res.end('hello'));
  const { log } = memoryLogger();
  const url = `http://127.0.0.1:${server.port}/`;

  const closed = new Egress({ log });
  await t.throwsAsync(closed.fetchText(url, { maxBytes: 100 }), {
    code: 'EGRESS_ADDRESS_REFUSED',
  } as never);

  const open = new Egress({ log, allowHosts: [`127.0.0.1:${server.port}`] });
  t.is((await open.fetchText(url, { maxBytes: 100 })).text, 'hello');
  await server.close();
});

test('a host name is resolved once and the connection goes to the checked address', async (t) => {
  // The first answer is the allow-listed server; any later answer would be a different
  // loopback address serving a different body. The guard must never ask twice.
  const checked = await loopbackServer((_req, res) => res.end('checked'), '127.0.0.1');
  const rebound = await loopbackServer(
    (_req, res) => res.end('rebound'),
    '127.0.0.2',
    checked.port,
  );
  let n = 0;
  const resolver = tableResolver({
    'radio.invalid': () => (n++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']),
  });
  const egress = new Egress({
    log: memoryLogger().log,
    resolver,
    allowHosts: [`radio.invalid:${checked.port}`],
  });

  const got = await egress.fetchText(`http://radio.invalid:${checked.port}/`, { maxBytes: 100 });
  t.is(got.text, 'checked');
  t.deepEqual(resolver.calls, ['radio.invalid']);
  await Promise.all([checked.close(), rebound.close()]);
});

test('a DNS answer that turns private at fetch time is refused before connecting', async (t) => {
  let answer = ['93.184.216.34'];
  const resolver = tableResolver({ 'station.invalid': () => answer });
  const egress = new Egress({ log: memoryLogger().log, resolver });

  // Adding the station only checks the scheme; the address is judged at each fetch.
  t.notThrows(() => egress.check('http://station.invalid/live'));
  answer = ['127.0.0.1'];
  await t.throwsAsync(egress.open('http://station.invalid/live'), {
    code: 'EGRESS_ADDRESS_REFUSED',
  } as never);
});

test('one private address among several answers refuses the host', async (t) => {
  const resolver = tableResolver({ 'mixed.invalid': ['93.184.216.34', '10.0.0.5'] });
  const egress = new Egress({ log: memoryLogger().log, resolver });
  await t.throwsAsync(egress.open('http://mixed.invalid/'), {
    code: 'EGRESS_ADDRESS_REFUSED',
  } as never);
});

test('every refused address form is refused when DNS answers with it', async (t) => {
  const forms = [
    '127.0.0.1',
    '10.0.0.1',
    '169.254.169.254',
    '100.64.1.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '64:ff9b::a00:1',
    '224.0.0.1',
    '192.0.2.1',
  ];
  for (const address of forms) {
    const egress = new Egress({
      log: memoryLogger().log,
      resolver: tableResolver({ 'evil.invalid': [address] }),
    });
    await t.throwsAsync(
      egress.open('http://evil.invalid/'),
      { code: 'EGRESS_ADDRESS_REFUSED' } as never,
      address,
    );
  }
});

test('a redirect to a private address, another port or file: is refused', async (t) => {
  const targets = ['http://10.0.0.1/', 'http://127.0.0.1:9/', 'file:///etc/passwd'];
  let i = 0;
  const server = await loopbackServer((_req, res) => {
    res.writeHead(302, { location: targets[i++] }).end();
  });
  const egress = new Egress({ log: memoryLogger().log, allowHosts: [`127.0.0.1:${server.port}`] });
  const url = `http://127.0.0.1:${server.port}/`;

  await t.throwsAsync(egress.open(url), { code: 'EGRESS_ADDRESS_REFUSED' } as never);
  await t.throwsAsync(egress.open(url), { code: 'EGRESS_ADDRESS_REFUSED' } as never);
  await t.throwsAsync(egress.open(url), { code: 'EGRESS_SCHEME_REFUSED' } as never);
  await server.close();
});

test('five redirects are followed and the sixth is refused', async (t) => {
  const server = await loopbackServer((req, res) => {
    const n = Number(req.url!.slice(1));
    if (n > 0) res.writeHead(307, { location: `/${n - 1}` }).end();
    else res.end('arrived');
  });
  const egress = new Egress({ log: memoryLogger().log, allowHosts: [`127.0.0.1:${server.port}`] });
  const base = `http://127.0.0.1:${server.port}`;

  t.is((await egress.fetchText(`${base}/5`, { maxBytes: 100 })).text, 'arrived');
  await t.throwsAsync(egress.open(`${base}/6`), { code: 'EGRESS_REDIRECT_LIMIT' } as never);
  await server.close();
});

test('a body over the size limit is cut off, with or without Content-Length', async (t) => {
  const big = Buffer.alloc(1 << 20, 0x61);
  const server = await loopbackServer((req, res) => {
    if (req.url === '/declared') res.writeHead(200, { 'content-length': big.length });
    res.end(big);
  });
  const egress = new Egress({ log: memoryLogger().log, allowHosts: [`127.0.0.1:${server.port}`] });
  const base = `http://127.0.0.1:${server.port}`;

  for (const path of ['/declared', '/chunked']) {
    await t.throwsAsync(
      egress.fetchText(`${base}${path}`, { maxBytes: 64 * 1024 }),
      { code: 'EGRESS_TOO_LARGE' } as never,
      path,
    );
  }
  await server.close();
});

test('a server that never answers times out', async (t) => {
  const server = await loopbackServer(() => undefined);
  const egress = new Egress({
    log: memoryLogger().log,
    allowHosts: [`127.0.0.1:${server.port}`],
    idleTimeoutMs: 300,
  });
  await t.throwsAsync(egress.open(`http://127.0.0.1:${server.port}/`), {
    code: 'EGRESS_TIMEOUT',
  } as never);
  await server.close();
});

test('refusals are logged with the origin only, never the path or query', async (t) => {
  const { log, lines } = memoryLogger();
  const egress = new Egress({ log });
  await t.throwsAsync(egress.open('http://10.1.1.1/listen?token=s3cret'));
  t.regex(lines(), /fetch refused/);
  t.notRegex(lines(), /s3cret/);
});
