import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** One DNS answer. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Turns a host name into every address it has. The guard checks all of them and connects to
 * one it checked, so a second, different answer can never be used. Tests inject their own.
 */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo), asking for every address, in the resolver's order. */
export const systemResolver: Resolver = async (host) => {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Drop anything that is not a plain address (a resolver must never hand back a name). */
export function validAnswers(answers: readonly ResolvedAddress[]): ResolvedAddress[] {
  return answers.filter((a) => isIP(a.address) === a.family);
}
