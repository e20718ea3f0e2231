import { buildOpenApi } from '../openapi.ts';
import { ROUTES } from './index.ts';
import { route } from './route.ts';

export const openapiRoutes = [
  route({
    method: 'get',
    path: '/openapi.json',
    access: 'owner',
    summary: 'This description',
    handler: () => buildOpenApi(ROUTES),
  }),
];
