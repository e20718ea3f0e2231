import type { RequestHandler } from 'express';
import helmet from 'helmet';

const PERMISSIONS = ['camera', 'microphone', 'geolocation', 'usb', 'serial', 'hid', 'payment'];

/**
 * Security headers for every answer. helmet's defaults are not used as they are: they add
 * HSTS and upgrade-insecure-requests, which break a plain-HTTP LAN page, and allow inline
 * styles. Those two appear only in HTTPS mode.
 */
export function securityHeaders(https: boolean): RequestHandler[] {
  const self = ["'self'"];
  const directives: Record<string, string[]> = {
    defaultSrc: self,
    scriptSrc: self,
    styleSrc: self,
    imgSrc: [...self, 'data:', 'blob:'],
    connectSrc: self,
    fontSrc: self,
    manifestSrc: self,
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: self,
  };
  if (https) directives.upgradeInsecureRequests = [];

  const permissions = PERMISSIONS.map((p) => `${p}=()`).join(', ');
  return [
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
      xFrameOptions: { action: 'deny' },
      xContentTypeOptions: true,
      xPoweredBy: true,
    }),
    (_req, res, next) => {
      res.setHeader('Permissions-Policy', permissions);
      // Every answer unless a static file says otherwise (express.static sets its own).
      res.setHeader('Cache-Control', 'no-store');
      next();
    },
  ];
}
