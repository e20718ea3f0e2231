import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Router } from 'express';
import type { Logger } from '../log.ts';
import type { CoreApi } from '../core/api.ts';
import type { LibraryService } from '../core/ports.ts';
import { TonearmError } from '../errors.ts';
import type { WebAuth } from './auth/index.ts';
import type {
  ListenApi,
  PlaylistsApi,
  RadioApi,
  RouteContext,
  SystemApi,
  WebConfig,
} from './context.ts';
import { sendError } from './errors.ts';
import { EventSocketServer } from './events-socket.ts';
import { bodyErrors, jsonBody } from './guards/body.ts';
import { securityHeaders } from './guards/headers.ts';
import { HostPolicy } from './guards/host-policy.ts';
import { guardRequest } from './guards/request-guard.ts';
import { createLimiters } from './limits.ts';
import { registerRoutes, ROUTES, type AnyRoute } from './routes/index.ts';
import { listenOptions, requestLog } from './server-options.ts';
import type { TlsIdentity } from './tls.ts';

export interface WebAppDeps {
  core: CoreApi;
  library: LibraryService;
  auth: WebAuth;
  config: WebConfig;
  log: Logger;
  /** Key and certificate; required when `config.https` is on (see ensureTlsIdentity). */
  tls?: TlsIdentity | null;
  /** Static UI files; default app/web/ui when it exists, none otherwise. */
  uiDir?: string | null;
  /** Routes to serve; every one of ROUTES unless a test narrows them. */
  routes?: readonly AnyRoute[];
  /** Optional services; their routes answer NOT_FOUND when absent. */
  radio?: RadioApi;
  playlists?: PlaylistsApi;
  listen?: ListenApi;
  system?: SystemApi;
}

export interface WebApp {
  app: Express;
  /** The router mounted at /api/v1, for tests that enumerate what is registered. */
  api: Router;
  routes: readonly AnyRoute[];
  /** Listen (default: `config.listen`) with the WebSocket attached. */
  listen(at?: { host?: string; port?: number }): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
}

const DEFAULT_UI = new URL('./ui/', import.meta.url);

/**
 * The HTTP API, the event WebSocket and the UI's files, built from the parts Main hands in.
 * Order matters: headers go on every answer (refusals too), then the host/origin guard, then
 * JSON parsing for /api, then routes, which check the caller before anything else.
 */
export function createWebApp(deps: WebAppDeps): WebApp {
  const { config } = deps;
  const log = deps.log.child({ module: 'web' });
  if (config.https && !deps.tls) {
    throw new TonearmError('CONFIG_INVALID', 'web.https is on but no certificate was given');
  }
  const useHttps = config.https;
  const policy = new HostPolicy(config, useHttps, log);
  const limits = createLimiters(config);
  const routes = deps.routes ?? ROUTES;
  const ctx: RouteContext = {
    core: deps.core,
    library: deps.library,
    auth: deps.auth,
    config,
    limits,
    log,
    https: useHttps,
    fingerprint: deps.tls?.fingerprint ?? null,
    ...(deps.radio ? { radio: deps.radio } : {}),
    ...(deps.playlists ? { playlists: deps.playlists } : {}),
    ...(deps.listen ? { listen: deps.listen } : {}),
    ...(deps.system ? { system: deps.system } : {}),
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('json escape', true); // `<` in a tag never appears raw, even in a JSON answer
  app.set('etag', false);
  app.set('case sensitive routing', true); // one spelling per path: /API/v1 is not the API

  app.use(...securityHeaders(useHttps));
  app.use(requestLog(log));
  app.use((req, _res, next) => {
    guardRequest(policy, req);
    next();
  });

  const api = express.Router({ strict: true, caseSensitive: true });
  api.use(...jsonBody(config.body_limit));
  registerRoutes(api, ctx, routes);
  api.use((_req, _res, next) => next(new TonearmError('NOT_FOUND', 'no such API resource')));
  app.use('/api/v1', api);

  const uiDir = deps.uiDir === undefined ? defaultUiDir() : deps.uiDir;
  if (uiDir) app.use(express.static(uiDir, { dotfiles: 'deny', redirect: false }));

  app.use((req, _res, next) => {
    const code = req.method === 'GET' || req.method === 'HEAD' ? 'NOT_FOUND' : 'METHOD_NOT_ALLOWED';
    next(new TonearmError(code, code === 'NOT_FOUND' ? 'not found' : 'method not allowed'));
  });
  app.use(bodyErrors);
  app.use((err: unknown, _req: express.Request, res: express.Response, _n: express.NextFunction) =>
    sendError(res, err, log),
  );

  let server: http.Server | null = null;
  let sockets: EventSocketServer | null = null;

  return {
    app,
    api,
    routes,
    async listen(at = {}) {
      const [defaultHost, defaultPort] = splitListen(config.listen);
      const opts = listenOptions();
      server = useHttps
        ? https.createServer({ ...opts, key: deps.tls!.key, cert: deps.tls!.cert }, app)
        : http.createServer(opts, app);
      server.maxHeadersCount = 0; // counted and refused in guards/request-guard.ts instead
      sockets = new EventSocketServer({
        core: deps.core,
        tokens: deps.auth.tokens,
        limits,
        config,
        policy,
        https: useHttps,
        log,
      });
      const events = sockets;
      server.on('upgrade', (req, socket, head) => events.handleUpgrade(req, socket, head));
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(at.port ?? defaultPort, at.host ?? defaultHost, () => resolve());
      });
      const address = s.address() as AddressInfo;
      log.info({ host: address.address, port: address.port, https: useHttps }, 'listening');
      return { host: address.address, port: address.port };
    },
    async close() {
      sockets?.close();
      const s = server;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
      server = null;
    },
  };
}

function splitListen(listen: string): [string, number] {
  const colon = listen.lastIndexOf(':');
  return [listen.slice(0, colon).replace(/^\[|\]$/g, ''), Number(listen.slice(colon + 1))];
}

/**
 * The built UI: `ui/` beside the bundled service in dist/app (scripts/build-ui.ts puts it there),
 * or, when running from the sources under tsx, that same folder. Never the source folder, whose
 * TypeScript the browser could not run.
 */
function defaultUiDir(): string | null {
  const fromSource = import.meta.url.endsWith('.ts');
  const dir = fromSource ? new URL('../../dist/app/ui/', import.meta.url) : DEFAULT_UI;
  return existsSync(new URL('index.html', dir)) ? fileURLToPath(dir) : null;
}
