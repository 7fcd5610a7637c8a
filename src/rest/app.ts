/**
 * The REST application: Kytos-ng compatible routes under /api/kytos. `buildApp` only builds the
 * express app; listening is the composition root's business (src/app.ts).
 */
import express, { type Express } from 'express';
import { coreRoutes } from './routes/core';
import { topologyRoutes, type TopologyRouteDeps } from './routes/topology';
import { errorMiddleware, notFound, type RestLogger } from './errors';

export interface RestDeps extends TopologyRouteDeps {
  readonly log: RestLogger;
}

/** Builds the express app over the given services. */
export function buildApp(deps: RestDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  app.use(express.json({ limit: '10mb' }));
  app.use('/api/kytos/core', coreRoutes());
  app.use('/api/kytos/topology/v3', topologyRoutes(deps));
  app.use(notFound);
  app.use(errorMiddleware(deps.log));
  return app;
}
