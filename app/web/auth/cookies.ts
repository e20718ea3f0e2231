/**
 * The paired device's cookie. HttpOnly (page scripts never see it), SameSite=Strict (no other
 * site's page makes the browser send it), Path=/. In HTTPS mode it is also Secure and carries
 * the `__Host-` prefix, which makes browsers refuse it unless it is Secure, host-only and
 * Path=/, so a sibling host on the LAN cannot plant one.
 */
const MAX_AGE_S = 400 * 24 * 3600; // the longest lifetime browsers honour

export function cookieName(https: boolean): string {
  return https ? '__Host-tonearm_device' : 'tonearm_device';
}

export function deviceCookie(token: string, https: boolean): string {
  const parts = [`${cookieName(https)}=${token}`, 'Path=/', `Max-Age=${MAX_AGE_S}`];
  parts.push('HttpOnly', 'SameSite=Strict');
  if (https) parts.push('Secure');
  return parts.join('; ');
}

export function clearedCookie(https: boolean): string {
  const parts = [`${cookieName(https)}=`, 'Path=/', 'Max-Age=0', 'HttpOnly', 'SameSite=Strict'];
  if (https) parts.push('Secure');
  return parts.join('; ');
}

/** The value of cookie `name` in a Cookie header; the first one wins, as browsers order them. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return null;
}
