import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses Tonearm may connect to. Deny by default: only addresses that ipaddr.js
 * classifies as plain global unicast pass; every special range (loopback, private, link-local,
 * unique-local, CGNAT, multicast, unspecified, broadcast, reserved and documentation ranges)
 * is refused. IPv6 forms that carry an IPv4 address inside them are judged by that address.
 */

/** Ranges an owner may open up for a named LAN host (a NAS, a local Icecast). */
const LAN_RANGES = new Set(['loopback', 'private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat']);

/** IPv6 ranges whose low 32 bits are an IPv4 address that decides the verdict. */
const EMBEDDED_V4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);

export interface AddressVerdict {
  /** null when the address may be used. */
  refused: string | null;
  /** True when the only objection is that the address is on a LAN (allow-list can lift it). */
  lan: boolean;
}

function lowV4(v6: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = v6.toByteArray().slice(12);
  return ipaddr.fromByteArray(bytes) as ipaddr.IPv4;
}

function judgeV4(v4: ipaddr.IPv4, via: string): AddressVerdict {
  const range = v4.range();
  if (range === 'unicast') return { refused: null, lan: false };
  return { refused: `${via}${range} address ${v4.toString()}`, lan: LAN_RANGES.has(range) };
}

/** Judge one address in canonical textual form (no brackets, no zone id). */
export function judgeAddress(address: string): AddressVerdict {
  const family = isIP(address);
  if (family === 0) return { refused: `not an IP address: ${address}`, lan: false };
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return judgeV4(parsed as ipaddr.IPv4, '');

  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  if (EMBEDDED_V4.has(range)) return judgeV4(lowV4(v6), `${range} form of `);

  // The deprecated IPv4-compatible form ::a.b.c.d has no range name of its own in ipaddr.js.
  const parts = v6.parts;
  if (parts.slice(0, 6).every((p) => p === 0) && range !== 'loopback' && range !== 'unspecified') {
    return { refused: `IPv4-compatible address ${v6.toRFC5952String()}`, lan: false };
  }
  if (range === 'unicast') return { refused: null, lan: false };
  return {
    refused: `${range} address ${v6.toRFC5952String()}`,
    lan: LAN_RANGES.has(range),
  };
}
