import os from 'node:os';
import type { Logger } from '../../log.ts';
import type { WebConfig } from '../context.ts';

const HOST_SHAPE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;
const ADDRESS_TTL_MS = 5000;

/** `host[:port]` as a URL would normalise it, or null when it is not plainly a host. */
function parseHost(value: string): { name: string; port: string } | null {
  if (!HOST_SHAPE.test(value)) return null;
  try {
    const u = new URL(`http://${value}`);
    return { name: u.hostname.replace(/\.$/, ''), port: u.port };
  } catch {
    return null;
  }
}

function bracket(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * Which Host and Origin values this box answers to. Names: the configured ones (by default
 * `<hostname>.local`), the box's interface addresses (re-read every few seconds: DHCP), and
 * localhost, always with the port the request arrived on. DNS rebinding gives an attacker's
 * name in Host, so it stops here. Origins must be one of those names with our scheme and port,
 * or one listed in `web.origins`; an Origin merely equal to Host proves nothing.
 */
export class HostPolicy {
  private addresses: string[] = [];
  private addressesAt = 0;
  private readonly names: string[];
  private readonly extraOrigins: Set<string>;

  constructor(
    config: WebConfig,
    private readonly https: boolean,
    private readonly log: Logger,
  ) {
    const configured = config.hostnames.length > 0 ? config.hostnames : [`${os.hostname()}.local`];
    this.names = [...configured.map((n) => n.toLowerCase().replace(/\.$/, '')), 'localhost'];
    this.extraOrigins = new Set(config.origins.map((o) => new URL(o).origin));
  }

  /** Every host name and address allowed, bracketed IPv6 included. */
  allowedNames(): string[] {
    return [...this.names, '127.0.0.1', '[::1]', ...this.interfaceAddresses().map(bracket)];
  }

  hostAllowed(host: string | undefined, localPort: number | undefined): boolean {
    if (!host || localPort === undefined) return false;
    const parsed = parseHost(host);
    if (!parsed) return false;
    if (parsed.port !== this.portPart(localPort)) return false;
    return this.allowedNames().includes(parsed.name.toLowerCase());
  }

  originAllowed(origin: string, localPort: number | undefined): boolean {
    let u: URL;
    try {
      u = new URL(origin);
    } catch {
      return false; // `null`, garbage
    }
    if (u.origin === 'null' || (u.protocol !== 'http:' && u.protocol !== 'https:')) return false;
    if (this.extraOrigins.has(u.origin)) return true;
    if (localPort === undefined || u.protocol !== (this.https ? 'https:' : 'http:')) return false;
    if (u.port !== this.portPart(localPort)) return false;
    return this.allowedNames().includes(u.hostname.toLowerCase());
  }

  /** How the port appears in Host and Origin: empty for the scheme's default port. */
  private portPart(port: number): string {
    return port === (this.https ? 443 : 80) ? '' : String(port);
  }

  private interfaceAddresses(): string[] {
    const now = Date.now();
    if (now - this.addressesAt < ADDRESS_TTL_MS) return this.addresses;
    this.addressesAt = now;
    try {
      const all = Object.values(os.networkInterfaces()).flat();
      this.addresses = all.flatMap((i) => (i ? [i.address.toLowerCase()] : []));
    } catch (err) {
      // Without AF_NETLINK (a too-tight sandbox) this throws; names and localhost still work.
      this.log.warn({ err }, 'cannot list network interfaces; allowing configured names only');
      this.addresses = [];
    }
    return this.addresses;
  }
}
