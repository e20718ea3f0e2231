import test from 'ava';
import { judgeAddress } from '../../app/net/address-policy.ts';
import { AllowList, checkUrl } from '../../app/net/url-policy.ts';

const none = new AllowList();

// Every way of writing a non-public address that the guard must refuse, as a URL host.
const REFUSED_HOSTS = [
  '127.0.0.1',
  '0x7f000001',
  '2130706433',
  '0177.0.0.1',
  '127.1',
  '0x7f.1',
  '10.1.2.3',
  '172.16.0.1',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '224.0.0.251',
  '0.0.0.0',
  '0',
  '255.255.255.255',
  '192.0.2.1',
  '198.51.100.7',
  '203.0.113.9',
  '198.18.0.1',
  '240.0.0.1',
  '[::1]',
  '[::]',
  '[fe80::1]',
  '[fc00::1]',
  '[fd12:3456::1]',
  '[ff02::1]',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[::ffff:10.0.0.1]',
  '[::ffff:169.254.169.254]',
  '[::127.0.0.1]',
  '[::10.0.0.1]',
  '[64:ff9b::10.0.0.1]',
  '[64:ff9b::127.0.0.1]',
  '[64:ff9b::a9fe:a9fe]',
  '[2002:7f00:1::]',
  '[2001::1]',
  '[2001:db8::1]',
];

for (const host of REFUSED_HOSTS) {
  test(`a URL whose host is ${host} is refused without any lookup`, (t) => {
    const err = t.throws(() => checkUrl(`http://${host}/stream`, none));
    t.is((err as { code?: string }).code, 'EGRESS_ADDRESS_REFUSED');
  });
}

test('public addresses pass, including NAT64 around a public IPv4 address', (t) => {
  for (const address of ['93.184.216.34', '2a00:1450:4001:82a::200e', '64:ff9b::808:808']) {
    t.is(judgeAddress(address).refused, null, address);
  }
});

test('the refusal names the kind of address, never the path or query', (t) => {
  const err = t.throws(() => checkUrl('http://10.0.0.1/secret?token=abc', none));
  t.regex(err!.message, /private address 10\.0\.0\.1/);
  t.notRegex(err!.message, /secret|token/);
});

test('an allow-listed LAN host:port may be private, but only on that port', (t) => {
  const allow = new AllowList(['127.0.0.1:8000', 'NAS.local:8080']);
  t.notThrows(() => checkUrl('http://127.0.0.1:8000/live', allow));
  t.throws(() => checkUrl('http://127.0.0.1:8001/live', allow), {
    code: 'EGRESS_ADDRESS_REFUSED',
  } as never);
  t.true(checkUrl('http://nas.local:8080/', allow).lanAllowed);
  t.false(checkUrl('http://nas.local:8081/', allow).lanAllowed);
});

test('allow-listing never opens multicast, broadcast or unspecified addresses', (t) => {
  const allow = new AllowList(['224.0.0.1:80', '0.0.0.0:80', '255.255.255.255:80']);
  for (const host of ['224.0.0.1', '0.0.0.0', '255.255.255.255']) {
    t.throws(() => checkUrl(`http://${host}/`, allow), { code: 'EGRESS_ADDRESS_REFUSED' } as never);
  }
});

for (const url of [
  'file:///etc/passwd',
  'gopher://example.com/',
  'data:audio/mpeg;base64,AAAA',
  'concat:http://example.com/a|file:///etc/passwd',
  'ftp://example.com/x.mp3',
  'javascript:alert(1)',
  'rtsp://example.com/live',
]) {
  test(`the scheme of ${url.slice(0, 30)} is refused`, (t) => {
    const err = t.throws(() => checkUrl(url, none));
    t.is((err as { code?: string }).code, 'EGRESS_SCHEME_REFUSED');
  });
}

test('credentials in a URL, junk and over-long URLs are refused as invalid', (t) => {
  for (const url of [
    'http://user:pw@example.com/',
    'not a url',
    `http://a.com/${'x'.repeat(3000)}`,
  ]) {
    t.throws(() => checkUrl(url, none), { code: 'URI_INVALID' } as never, url.slice(0, 30));
  }
});

test('an allow-list entry that is not host:port is a config error', (t) => {
  t.throws(() => new AllowList(['nas.local']), { code: 'CONFIG_INVALID' } as never);
  t.throws(() => new AllowList(['nas.local:80/x']), { code: 'CONFIG_INVALID' } as never);
});
